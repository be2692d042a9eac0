using System.Threading.Channels;
using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace ChatIntake.Conversations;

/// <summary>
/// Stores incoming updates before the channel acknowledges them. Writes are grouped: everything that arrives while
/// one commit runs goes into the next, so thousands of updates a second cost a few commits, each still durable
/// before its caller hears "accepted".
/// </summary>
public sealed class Inbox(
    IDbContextFactory<IntakeDbContext> contexts, TurnQueue turns, TurnProcessor processor, WriteGate writeGate, IOptions<DatabaseOptions> database, IOptions<PipelineOptions> pipeline,
    TimeProvider time, ILogger<Inbox> logger)
    : BackgroundService
{
    private const int MaxGroup = 256;

    private readonly Channel<(InboundUpdate Update, string Payload, TaskCompletionSource<long?> Accepted)> _waiting =
        Channel.CreateUnbounded<(InboundUpdate, string, TaskCompletionSource<long?>)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>True when stored now; false when this update was stored before (a redelivery). Returns only after the commit.</summary>
    public async Task<bool> AcceptAsync(InboundUpdate update, CancellationToken cancellationToken) =>
        await AcceptWithIdAsync(update, cancellationToken) is not null;

    /// <summary>The stored message's id, or null for a redelivery. Returns only after the commit.</summary>
    public async Task<long?> AcceptWithIdAsync(InboundUpdate update, CancellationToken cancellationToken)
    {
        // Serialised here, by each caller beside the others, rather than by the inbox's one loop while every turn waits.
        var payload = ActivityJson.Serialize(update.Activity);
        var accepted = new TaskCompletionSource<long?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _waiting.Writer.WriteAsync((update, payload, accepted), cancellationToken);
        return await accepted.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverAsync(stoppingToken);
        var adopting = database.Value.IsPostgres ? Task.Run(() => AdoptOrphansAsync(stoppingToken), stoppingToken) : Task.CompletedTask;
        try
        {
            await StoreAsync(stoppingToken);
        }
        finally
        {
            await adopting.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Groups what waits, runs the group's turns, then commits it while the next group's turns run: the dialogs keep one
    /// core busy while the other writes. Commits stay in arrival order, one at a time, and each group's leftovers are
    /// stored and queued before the next group commits. A chat with an update in the group still committing is not turned
    /// on arrival: that update may be left to the queue, and a later one must not overtake it.
    /// </summary>
    private async Task StoreAsync(CancellationToken stoppingToken)
    {
        var committing = Task.CompletedTask;
        IReadOnlySet<ConversationKey> committingChats = new HashSet<ConversationKey>();
        try
        {
            while (true)
            {
                if (!await _waiting.Reader.WaitToReadAsync(stoppingToken)) break;
                var group = new List<(InboundUpdate Update, string Payload, TaskCompletionSource<long?> Accepted)>(MaxGroup);
                Drain(group);
                if (group.Count < MaxGroup)
                {
                    // Under load, a moment's wait fills the group: one commit for many updates costs far less than many commits.
                    await Task.Yield();
                    Drain(group);
                }

                ArrivalGroup turned;
                try
                {
                    turned = await processor.TurnOnArrivalAsync([.. group.Select(g => (g.Update, g.Payload))], committingChats, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Refuse(group, ex);
                    continue;
                }
                catch (OperationCanceledException)
                {
                    group.ForEach(item => item.Accepted.TrySetCanceled(CancellationToken.None));
                    throw;
                }

                await committing;
                committingChats = group.Select(g => new ConversationKey(g.Update.Channel, g.Update.ChatId)).ToHashSet();
                committing = Task.Run(() => CommitAsync(group, turned, stoppingToken), CancellationToken.None);
            }
        }
        finally
        {
            await committing.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Commits the turns run on arrival, then stores and queues the rest, in arrival order; answers every caller.</summary>
    private async Task CommitAsync(List<(InboundUpdate Update, string Payload, TaskCompletionSource<long?> Accepted)> group, ArrivalGroup turned, CancellationToken stoppingToken)
    {
        try
        {
            // Most updates are turned in the commit that stores them; the rest are stored, then queued, in arrival order.
            var turnedIds = await processor.CommitArrivalsAsync(turned, stoppingToken);
            var rest = new List<(InboundUpdate Update, string Payload, TaskCompletionSource<long?> Accepted)>(group.Count);
            for (var i = 0; i < group.Count; i++)
            {
                if (turnedIds[i] is { } id)
                {
                    group[i].Accepted.TrySetResult(id);
                }
                else
                {
                    rest.Add(group[i]);
                }
            }

            var ids = rest.Count == 0 ? [] : await InsertAsync(rest, stoppingToken);
            for (var i = 0; i < rest.Count; i++)
            {
                if (ids[i] is { } id)
                {
                    turns.Enqueue(new QueuedTurn(new ConversationKey(rest[i].Update.Channel, rest[i].Update.ChatId), id, rest[i].Update.Activity));
                }

                rest[i].Accepted.TrySetResult(ids[i]);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Refuse(group, ex);
        }
        finally
        {
            await turned.DisposeAsync();
            foreach (var item in group)
            {
                item.Accepted.TrySetCanceled(CancellationToken.None); // stopping: unanswered, so the channel delivers them again
            }
        }
    }

    private void Refuse(List<(InboundUpdate Update, string Payload, TaskCompletionSource<long?> Accepted)> group, Exception ex)
    {
        logger.LogError(ex, "Could not store {Count} incoming updates; the channels will deliver them again", group.Count);
        foreach (var item in group)
        {
            item.Accepted.TrySetException(ex);
        }
    }

    private void Drain(List<(InboundUpdate Update, string Payload, TaskCompletionSource<long?> Accepted)> group)
    {
        while (group.Count < MaxGroup && _waiting.Reader.TryRead(out var item))
        {
            group.Add(item);
        }
    }

    private async Task<long?[]> InsertAsync(List<(InboundUpdate Update, string Payload, TaskCompletionSource<long?> Accepted)> group, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await PreparedSql.KeepJournalsInMemoryAsync(db.Database.GetDbConnection(), cancellationToken);
        using var writing = await writeGate.EnterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await using var command = PreparedSql.Create(connection, transaction.GetDbTransaction(),
            """
            INSERT INTO "Inbox" ("Channel", "ExternalUpdateId", "ExternalChatId", "Payload", "ReceivedAt")
            VALUES (@channel, @update, @chat, @payload, @received)
            ON CONFLICT ("Channel", "ExternalUpdateId") DO NOTHING
            RETURNING "Id";
            """,
            "@channel", "@update", "@chat", "@payload", "@received");
        var received = time.GetUtcNow().ToUnixTimeMilliseconds();
        var ids = new long?[group.Count];
        for (var i = 0; i < group.Count; i++)
        {
            var item = group[i].Update;
            var id = await command.Bind(item.Channel, item.UpdateId, item.ChatId, group[i].Payload, received).ExecuteScalarAsync(cancellationToken);
            ids[i] = id is null or DBNull ? null : Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
        }

        await transaction.CommitAsync(cancellationToken);
        return ids;
    }

    /// <summary>
    /// In a database shared by instances: updates another instance stored and has not turned for a while (it stopped or
    /// died) are queued here too. Whichever instance gets the conversation's lock first turns them, in order
    /// (<see cref="ConversationOrder"/>); the other then finds them done.
    /// </summary>
    private async Task AdoptOrphansAsync(CancellationToken stoppingToken)
    {
        var age = pipeline.Value.OrphanAfter;
        var every = age / 3;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, time, stoppingToken);
                var before = time.GetUtcNow() - age;
                await using var db = await contexts.CreateDbContextAsync(stoppingToken);
                var orphans = await db.Inbox.AsNoTracking().Where(m => m.ProcessedAt == null && m.ReceivedAt < before).OrderBy(m => m.Id).Take(1000)
                    .Select(m => new { m.Id, m.Channel, m.ExternalChatId }).ToListAsync(stoppingToken);
                var adopted = 0;
                foreach (var orphan in orphans.Where(o => !turns.IsWaiting(o.Id)))
                {
                    turns.Enqueue(new QueuedTurn(new ConversationKey(orphan.Channel, orphan.ExternalChatId), orphan.Id, null));
                    adopted++;
                }

                if (adopted > 0)
                {
                    logger.LogWarning("Taking up {Count} updates that waited unturned for over {Age}", adopted, age);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not look for updates left unturned; looking again in {Interval}", every);
            }
        }
    }

    /// <summary>Updates stored but not processed before the last stop are turned now, in their original order.</summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var unfinished = await db.Inbox.AsNoTracking().Where(m => m.ProcessedAt == null).OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.Channel, m.ExternalChatId }).ToListAsync(cancellationToken);
        foreach (var message in unfinished)
        {
            turns.Enqueue(new QueuedTurn(new ConversationKey(message.Channel, message.ExternalChatId), message.Id, null));
        }

        if (unfinished.Count > 0)
        {
            logger.LogInformation("Resuming {Count} updates received before the last stop", unfinished.Count);
        }
    }

}
