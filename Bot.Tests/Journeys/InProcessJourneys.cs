using ChatIntake.Tests.Infrastructure;

namespace ChatIntake.Tests.Journeys;

/// <summary>The journeys through the real pipeline with the in-process channel.</summary>
public sealed class InProcessJourneys : CitizenJourneys
{
    private static int _chats;

    protected override string ChannelName => TestChannel.ChannelName;

    protected override Task<ICitizen> NewCitizenAsync(string language) =>
        Task.FromResult<ICitizen>(Host.Bot.Citizen($"journey-{Interlocked.Increment(ref _chats)}", language));
}
