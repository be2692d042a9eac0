using System.Net;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Tests.Infrastructure;
using ChatIntake.Channels.Telegram;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatIntake.Tests.Channels.Telegram;

/// <summary>
/// What only the messengers have, on telegram-test-api servers: interleaved chats, webhook mode, Telegram and Bale side
/// by side. The shared journeys run here too, in <see cref="Journeys.TelegramJourneys"/>.
/// </summary>
public sealed class TelegramEndToEndTests(TelegramEmulator emulator) : IClassFixture<TelegramEmulator>
{
    private static int _bots;

    [Fact]
    public async Task Two_citizens_interleaved_never_see_each_others_messages()
    {
        await using var bot = StartBot(out var token);
        var sara = new EmulatedCitizen(bot, emulator.TelegramUrl, token, "telegram", 31_003, "en");
        var reza = new EmulatedCitizen(bot, emulator.TelegramUrl, token, "telegram", 31_004, "fa");

        await sara.SaysAsync("/new");
        await reza.SaysAsync("/new");
        await sara.SaysAsync("street lighting");
        await reza.SaysAsync("جمع‌آوری زباله");
        await sara.SharesLocationAsync(35.725, 51.37);
        await reza.SharesLocationAsync(35.68, 51.43);
        await sara.SaysAsync("Sara's lamp at the corner is broken.");
        await reza.SaysAsync("زباله‌های کوچه رضا سه روز است جمع نشده.");
        await sara.SaysAsync("skip");
        await reza.SaysAsync("رد شدن");

        Assert.Contains("Sara's lamp", sara.LastText);
        Assert.DoesNotContain("رضا", sara.LastText);
        Assert.Contains("کوچه رضا", reza.LastText);
        Assert.DoesNotContain("Sara", reza.LastText);
        await sara.PressesAsync("Submit");
        await reza.PressesAsync("ثبت گزارش");

        await using var db = bot.CreateDbContext();
        var tickets = await db.Tickets.Include(t => t.Citizen).ToListAsync();
        Assert.Equal(2, tickets.Count);
        Assert.Contains("Sara", tickets.Single(t => t.Citizen!.ExternalUserId == "31003").Description);
        Assert.Contains("رضا", tickets.Single(t => t.Citizen!.ExternalUserId == "31004").Description);
    }

    [Fact]
    public async Task The_same_intake_works_by_webhook()
    {
        var port = TelegramEmulator.FreePort();
        await using var bot = StartBot(out var token, new Dictionary<string, string?>
        {
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:PublicUrl"] = $"http://127.0.0.1:{port}",
            ["Telegram:WebhookSecret"] = "webhook-secret_" + port,
        }, port);
        await WaitForWebhookAsync(bot);
        var citizen = new EmulatedCitizen(bot, emulator.TelegramUrl, token, "telegram", 31_005, "en");

        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("Lighting");
        await citizen.SharesLocationAsync(35.725, 51.37);
        await citizen.SaysAsync("The lamp post at the corner is broken & dark.");
        await citizen.PressesAsync("Skip");
        Assert.Contains("broken &amp; dark", citizen.LastText); // escaped for HTML: Telegram shows "&"
        await citizen.PressesAsync("Submit");

        Assert.Contains("Your report is registered", citizen.LastText);
        Assert.Contains(TrackingCode.Format(await SingleTicketCodeAsync(bot, "telegram")), citizen.LastText);
        Assert.DoesNotContain("webhook", emulator.Errors, StringComparison.OrdinalIgnoreCase);
        citizen.SaveTranscript("telegram-webhook-en");
    }

    [Fact]
    public async Task Telegram_and_bale_bots_run_side_by_side_in_one_host()
    {
        var bale = $"{900_000 + Interlocked.Increment(ref _bots)}:BALE-token";
        await using var bot = StartBot(out var token, new Dictionary<string, string?>
        {
            ["Bale:BotToken"] = bale,
            ["Bale:ApiBaseUrl"] = emulator.BaleUrl,
            ["Bale:ParseMode"] = "",
            ["Bale:IdlePause"] = "00:00:00.020",
            ["Bale:PollTimeout"] = "00:00:00",
        });
        var onTelegram = new EmulatedCitizen(bot, emulator.TelegramUrl, token, "telegram", 31_006, "fa");
        var onBale = new EmulatedCitizen(bot, emulator.BaleUrl, bale, "bale", 31_006, "fa");

        foreach (var (citizen, latitude) in new[] { (onTelegram, 35.725), (onBale, 35.68) })
        {
            await citizen.SaysAsync("/new");
            await citizen.PressesAsync("روشنایی");
            await citizen.SharesLocationAsync(latitude, 51.37);
            await citizen.SaysAsync("چراغ سر کوچه شکسته و خاموش است.");
            await citizen.PressesAsync("رد شدن");
            await citizen.PressesAsync("ثبت گزارش");
            Assert.Contains("ثبت شد", citizen.LastText);
        }

        // Bale has no HTML mode: its messages go out as written.
        Assert.Null(onBale.LastReplies[^1]["parse_mode"]);
        Assert.Equal("HTML", onTelegram.LastReplies[^1]["parse_mode"]!.GetValue<string>());
        await using var db = bot.CreateDbContext();
        var tickets = await db.Tickets.Include(t => t.Citizen).OrderBy(t => t.Id).ToListAsync();
        Assert.Equal(["telegram", "bale"], tickets.Select(t => t.Channel));
        Assert.Equal(["telegram", "bale"], tickets.Select(t => t.Citizen!.Channel));
        onBale.SaveTranscript("bale-intake-fa");
    }

    private BotApplicationFactory StartBot(out string token, IDictionary<string, string?>? extra = null, int? port = null)
    {
        token = $"{100_000 + Interlocked.Increment(ref _bots)}:TEST-token";
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = token,
            ["Telegram:ApiBaseUrl"] = emulator.TelegramUrl,
            ["Telegram:IdlePause"] = "00:00:00.020",
            ["Telegram:PollTimeout"] = "00:00:00",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var factory = new BotApplicationFactory(settings: settings);
        if (port is { } webhookPort)
        {
            factory.UseKestrel(o => o.Listen(IPAddress.Loopback, webhookPort));
            factory.StartServer();
        }
        else
        {
            _ = factory.Server;
        }

        return factory;
    }

    private static async Task WaitForWebhookAsync(BotApplicationFactory bot)
    {
        // setWebhook runs once the host has started; the first citizen message must find it registered.
        await bot.Services.GetRequiredService<MessengerBots>().Find("telegram")!.Receiving.WaitAsync(TimeSpan.FromSeconds(20));
    }

    private static async Task<string> SingleTicketCodeAsync(BotApplicationFactory bot, string channel)
    {
        await using var db = bot.CreateDbContext();
        return (await db.Tickets.SingleAsync(t => t.Channel == channel)).TrackingCode;
    }
}
