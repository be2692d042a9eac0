using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ChatIntake.Outbox;

/// <summary>
/// On PostgreSQL a round of the dispatcher claims the rows it will send: row locks (<c>FOR UPDATE SKIP LOCKED</c>) in
/// a transaction that ends when their delivery marks are written. Rows someone else holds are left to them, so no
/// message goes out from two instances at once, whatever the sender election believes for a moment; the claim's lease
/// is the claiming session, so a dead instance's rows are free the moment its connection is gone (and a hung one's after
/// <see cref="IdleLimit"/>). A chat whose earliest row is held is skipped whole, so later rows never overtake it.
/// </summary>
internal static class OutboxClaim
{
    /// <summary>How long a claiming session may sit in its transaction without a statement before the server ends it.</summary>
    public static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(60);

    /// <summary>Of <paramref name="heads"/> (each chat's first pending rows, in order), the rows now claimed: per chat, the longest claimed run from its first.</summary>
    public static async Task<List<OutboxMessage>> TakeAsync(IntakeDbContext db, List<OutboxMessage> heads, CancellationToken cancellationToken)
    {
        if (heads.Count == 0)
        {
            return heads;
        }

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        await using (var idle = PreparedSql.Create(connection, transaction, $"SET LOCAL idle_in_transaction_session_timeout = {(int)IdleLimit.TotalMilliseconds}"))
        {
            await idle.ExecuteNonQueryAsync(cancellationToken);
        }

        var ids = heads.Select(m => m.Id).ToArray();
        var claimed = (await db.Database
            .SqlQuery<long>($"""SELECT "Id" AS "Value" FROM "Outbox" WHERE "Id" = ANY({ids}) AND "State" = 0 FOR UPDATE SKIP LOCKED""")
            .ToListAsync(cancellationToken)).ToHashSet();
        var taken = new List<OutboxMessage>(heads.Count);
        foreach (var chat in heads.GroupBy(m => (m.Channel, m.ExternalChatId)))
        {
            taken.AddRange(chat.OrderBy(m => m.Id).TakeWhile(m => claimed.Contains(m.Id)));
        }

        return taken;
    }
}
