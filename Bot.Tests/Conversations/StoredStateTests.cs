using ChatIntake.Tests.Dialogs;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Conversations;

/// <summary>
/// A turn writes its conversation's dialog state as UTF-8 straight from the serializer. It must still be stored as
/// text, in full Persian, so that the model, the panel and the citizen's data export read it like any other string.
/// </summary>
public sealed class StoredStateTests
{
    [Fact]
    public async Task A_dialog_state_written_by_a_turn_is_stored_as_text_and_read_back_as_the_conversation_continues()
    {
        using var database = new TestDatabaseFile();
        await using var bot = new BotApplicationFactory(database.Path);
        var citizen = bot.Citizen("stored-state", "fa");
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("روشنایی");

        await using (var db = bot.CreateDbContext())
        {
            var state = await db.Conversations.Where(c => c.ExternalChatId == "stored-state").Select(c => c.DialogState).SingleAsync();
            Assert.NotNull(state);
            Assert.Contains("\"id\":\"report\"", state);
            if (!TestDatabase.IsPostgres)
            {
                // Bound as bytes, the value would be a BLOB: equal to no text, and sorted and compared as bytes.
                var kind = await db.Database.SqlQuery<string>($"""SELECT typeof("DialogState") AS "Value" FROM "Conversations" WHERE "ExternalChatId" = 'stored-state'""").SingleAsync();
                Assert.Equal("text", kind);
            }
        }

        // The next turns read that state back: the report goes on from the place question to the end.
        await citizen.SharesLocationAsync(35.725, 51.37);
        await citizen.SaysAsync("تیر چراغ برق سر کوچه خاموش است و شب‌ها کوچه کاملاً تاریک می‌شود.");
        await citizen.PressesAsync("رد شدن");
        await citizen.PressesAsync("ثبت گزارش");
        Assert.Contains("گزارش شما ثبت شد", citizen.LastText);
    }

    [Fact]
    public async Task A_stored_state_that_is_not_json_restarts_the_conversation_politely_and_the_next_report_is_filed()
    {
        using var database = new TestDatabaseFile();
        await using var bot = new BotApplicationFactory(database.Path);
        var citizen = bot.Citizen("garbled-state", "en");
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("Light");

        // Hand-edited in the database, in Persian: the turn reads the stored bytes as they are and must not choke on them.
        await using (var db = bot.CreateDbContext())
        {
            Assert.Equal(1, await db.Database.ExecuteSqlAsync(
                $"""UPDATE "Conversations" SET "DialogState" = {"{\"stack\": [گزارش"} WHERE "ExternalChatId" = 'garbled-state'"""));
        }

        await citizen.SharesLocationAsync(35.725, 51.37);
        Assert.Contains("the service was updated", citizen.LastText);

        var code = await citizen.FilesReportAsync();
        await using var check = bot.CreateDbContext();
        Assert.Equal(code.Replace("-", string.Empty, StringComparison.Ordinal), Assert.Single(await check.Tickets.Select(t => t.TrackingCode).ToListAsync()));
    }

    [Fact]
    public async Task A_state_saved_by_the_engine_before_its_state_was_typed_goes_on_to_file_the_report_it_holds()
    {
        using var database = new TestDatabaseFile();
        await using var bot = new BotApplicationFactory(database.Path);
        var citizen = bot.Citizen("earlier-engine", "fa");
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("روشنایی");
        await citizen.SharesLocationAsync(35.73, 51.38);
        await citizen.SaysAsync("لامپ پارک محله سوخته است و باید عوض شود.");
        await citizen.PressesAsync("رد شدن");

        // The summary's state as the engine wrote it when each dialog's state was a tree of JSON nodes: the confirmation must read all of it.
        await using (var db = bot.CreateDbContext())
        {
            Assert.Equal(1, await db.Database.ExecuteSqlAsync(
                $"""UPDATE "Conversations" SET "DialogState" = {EarlierDialogStates.Summary} WHERE "ExternalChatId" = 'earlier-engine'"""));
        }

        await citizen.PressesAsync("ثبت گزارش");
        Assert.Contains("گزارش شما ثبت شد", citizen.LastText);
        await using var check = bot.CreateDbContext();
        var ticket = await check.Tickets.SingleAsync();
        Assert.Equal("تیر چراغ برق سر کوچه خاموش است و شب\u200cها کوچه کاملاً تاریک می\u200cشود.", ticket.Description);
        Assert.Equal(35.725, ticket.Latitude);
    }
}
