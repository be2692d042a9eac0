using ChatIntake.Admin.Texts;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Infrastructure;

/// <summary>
/// A text's edit stored as the texts page stores it. A test that lays an edit over the catalog stores it too: the
/// product's refresher (TextOverrideRefresher, every 2 s) puts the catalog back in step with the table.
/// </summary>
public static class StoredTextEdits
{
    /// <summary>Stores <paramref name="text"/> for the key and language; null deletes the edit (the resource's text again).</summary>
    public static async Task StoreTextEditAsync(this BotApplicationFactory bot, string key, string language, string? text)
    {
        await using var db = bot.CreateDbContext();
        var row = await db.TextOverrides.FirstOrDefaultAsync(t => t.Key == key && t.Language == language);
        if (text is null)
        {
            if (row is not null)
            {
                db.TextOverrides.Remove(row);
            }
        }
        else
        {
            if (row is null)
            {
                db.TextOverrides.Add(row = new TextOverride { Key = key, Language = language, Text = text });
            }

            row.Text = text;
            row.UpdatedAt = bot.Service<TimeProvider>().GetUtcNow();
        }

        await db.SaveChangesAsync();
    }
}
