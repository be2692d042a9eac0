using ChatIntake.Tests.Infrastructure;

namespace ChatIntake.Tests.Dialogs;

/// <summary>One host shared by a test class; each test uses its own chats, so they do not see each other.</summary>
public sealed class IntakeFixture : IAsyncLifetime
{
    public BotApplicationFactory Bot { get; } = new();

    public Task InitializeAsync()
    {
        _ = Bot.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Bot.DisposeAsync();
}
