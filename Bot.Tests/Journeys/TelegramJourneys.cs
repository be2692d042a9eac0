using ChatIntake.Tests.Channels.Telegram;
using ChatIntake.Tests.Infrastructure;

namespace ChatIntake.Tests.Journeys;

/// <summary>The journeys on telegram-test-api: the bot polls the emulator, the citizen uses its client API.</summary>
public sealed class TelegramJourneys(TelegramEmulator emulator) : CitizenJourneys, IClassFixture<TelegramEmulator>
{
    private static int _bots;
    private static int _chats;
    private readonly string _token = $"{200_000 + Interlocked.Increment(ref _bots)}:JOURNEY-token";

    protected override string ChannelName => "telegram";

    protected override Dictionary<string, string?> Settings() => new()
    {
        ["Telegram:BotToken"] = _token,
        ["Telegram:ApiBaseUrl"] = emulator.TelegramUrl,
        ["Telegram:IdlePause"] = "00:00:00.020",
        ["Telegram:PollTimeout"] = "00:00:00",
    };

    protected override Task<ICitizen> NewCitizenAsync(string language) =>
        Task.FromResult<ICitizen>(new EmulatedCitizen(Host.Bot, emulator.TelegramUrl, _token, "telegram", 32_000 + Interlocked.Increment(ref _chats), language));

    [Fact]
    public async Task The_location_question_offers_the_map_pin_button_and_typing_the_address()
    {
        var citizen = (EmulatedCitizen)await NewCitizenAsync("fa");
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("روشنایی");

        var asked = citizen.LastReplies.Last(r => r["reply_markup"] is not null);
        Assert.Contains("نشانی", asked["text"]!.GetValue<string>());
        var pin = asked["reply_markup"]!["keyboard"]!.AsArray().SelectMany(row => row!.AsArray()).Single();
        Assert.True(pin!["request_location"]!.GetValue<bool>());
    }
}
