using ChatIntake.Data;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Privacy;

/// <summary>Tickets with what makes them personal (words with numbers, a photo kept in the store), built through the bot and the workflow.</summary>
public static class PrivacyTestData
{
    /// <summary>The citizen sends a photo for their open ticket; the store keeps it as the downloader would. Returns the attachment and its file.</summary>
    public static async Task<(long AttachmentId, string File)> AddPhotoAsync(AdminHost host, long ticketId, CitizenDriver citizen)
    {
        var fileId = "photo-" + Guid.NewGuid().ToString("N");
        await citizen.SendsPhotoAsync(fileId);
        await citizen.PressesAsync("➕");
        var store = host.Bot.Service<AttachmentStore>();
        await using var db = host.Bot.CreateDbContext();
        var attachment = await db.Attachments.SingleAsync(a => a.TicketId == ticketId && a.ChannelFileId == fileId);
        var downloaded = store.NewTemporaryFile();
        await File.WriteAllBytesAsync(downloaded, [0xFF, 0xD8, 0xFF, 0xE0, .. Enumerable.Range(0, 64).Select(i => (byte)i)]);
        attachment.StoredPath = store.Keep(downloaded, ticketId, attachment.Id, ".jpg");
        attachment.ContentType = "image/jpeg";
        await db.SaveChangesAsync();
        return (attachment.Id, store.FullPath(attachment.StoredPath)!);
    }

    /// <summary>The citizen adds words to their open ticket.</summary>
    public static async Task AddWordsAsync(CitizenDriver citizen, string words)
    {
        await citizen.SaysAsync(words);
        await citizen.PressesAsync("➕");
    }

    /// <summary>Staff resolve and close it, as the panel would.</summary>
    public static async Task CloseAsync(AdminHost host, long ticketId)
    {
        var workflow = host.Bot.Service<TicketWorkflow>();
        var now = host.Bot.Service<TimeProvider>().GetUtcNow();
        await using var db = host.Bot.CreateDbContext();
        var admin = TicketActor.Staff(await db.Staff.SingleAsync(s => s.UserName == "admin"));
        var ticket = await db.Tickets.SingleAsync(t => t.Id == ticketId);
        await workflow.CommitAsync(db, CancellationToken.None, await workflow.ResolveAsync(db, ticket, admin, "Fixed.", now, CancellationToken.None));
        await workflow.CommitAsync(db, CancellationToken.None, await workflow.CloseAsync(db, ticket, admin, "Confirmed.", now, CancellationToken.None));
    }

    /// <summary>Every text value in every table, with where it is: nothing personal may hide in a column nobody thought of.</summary>
    public static async Task<List<(string Table, string Column, string Value)>> AllTextAsync(IntakeDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var tables = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = db.Database.IsNpgsql()
                ? "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                : "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var found = new List<(string, string, string)>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    // PostgreSQL's search index holds its words as a tsvector: read as its text.
                    if (!reader.IsDBNull(i) && reader.GetValue(i) is var value && value is string or byte[] or NpgsqlTypes.NpgsqlTsVector)
                    {
                        found.Add((table, reader.GetName(i), value is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : value.ToString()!));
                    }
                }
            }
        }

        return found;
    }
}
