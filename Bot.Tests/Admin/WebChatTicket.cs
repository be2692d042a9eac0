using ChatIntake.Tests.Infrastructure;
using ChatIntake.Tests.Channels.DirectLine;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Admin;

/// <summary>A citizen reports a dark street light through the Direct Line endpoints, polling as Web Chat does.</summary>
internal static class WebChatTicket
{
    public static async Task<(long Id, DirectLineTestClient Chat)> FileAsync(AdminHost host, HttpClient http, string language = "en")
    {
        var chat = await DirectLineTestClient.StartAsync(http, host.Bot, language);
        ICitizen citizen = chat;
        var fa = language == "fa";
        var (latitude, longitude) = AdminHost.NewPlace();
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync(fa ? "روشنایی" : "Light");
        await citizen.SharesLocationAsync(latitude, longitude);
        await citizen.SaysAsync(fa ? "چراغ خیابان جلوی پلاک ۱۲ یک هفته است خاموش است." : "The street light in front of number 12 has been dark for a week.");
        await citizen.PressesAsync(fa ? "رد شدن" : "Skip");
        await citizen.PressesAsync(fa ? "ثبت گزارش" : "Submit");
        if (citizen.Buttons.Any(b => b.Contains(fa ? "فرق دارد" : "different", StringComparison.OrdinalIgnoreCase)))
        {
            await citizen.PressesAsync(fa ? "فرق دارد" : "different");
        }

        await using var db = host.Bot.CreateDbContext();
        var citizenId = await db.Conversations.Where(c => c.ExternalChatId == chat.ConversationId).Select(c => c.CitizenId).SingleAsync();
        var ticket = await db.Tickets.Where(t => t.CitizenId == citizenId).OrderByDescending(t => t.Id).Select(t => t.Id).FirstAsync();
        return (ticket, chat);
    }
}
