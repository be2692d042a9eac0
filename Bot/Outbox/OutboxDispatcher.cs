using System.Collections.Concurrent;
using System.Text.Json;
using ChatIntake.Conversations;
using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace ChatIntake.Outbox;

/// <summary>
/// Delivers outbox rows through their channels: in order per chat, within the messengers' rate limits, retrying
/// transient failures with backoff and recording permanent ones on the message and the citizen.
/// </summary>
public sealed class OutboxDispatcher(
    IDbContextFactory<IntakeDbContext> contexts,
    IEnumerable<IChannel> channels,
    OutboxSignal signal,
    SenderElection election,
    WriteGate writeGate,
    DeliveryMarks marks,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// <summary>
    /// Sends in flight at once. The pace, not this, keeps the rate; it only has to cover the messenger's round trip: at
    /// 30 a second and a 300 ms answer from Telegram, nine are always on the way.
    /// </summary>
    private const int ChatsInParallel = 32;
    private const int MaxPerChatPerRound = 5;

    /// <summary>When every ready chat was held back by the global pace, a short pause rather than a spin.</summary>
    private static readonly TimeSpan MinimumPause = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// A round keeps sending while the channel's next token is at most this far off, for at most <see cref="RoundLength"/>:
    /// reading the queue again for every token would spend the tokens' time on queries, and the channel's short burst
    /// (<see cref="DeliveryPace.ChannelBurstSeconds"/>) could not make up for it.
    /// </summary>
    private static readonly TimeSpan MaxTokenWait = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan RoundLength = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a round's marks wait for a turn commit to carry them (on SQLite) before the dispatcher writes them itself:
    /// a busy intake commits every few milliseconds; an idle one never, and then the marks are only this much later.
    /// </summary>
    private static readonly TimeSpan MarksWait = TimeSpan.FromMilliseconds(20);

    /// <summary>A queue of at most this many pending rows (a busy intake's replies, not a wave of notices) is read whole in one query.</summary>
    private const int WholeQueue = 256;

    /// <summary>Pending rows read per chat a round wants: enough that a window of one-message chats (a wave of notices) fills a round.</summary>
    private const int WindowRowsPerChat = 5;
    private readonly Dictionary<string, IChannel> _channels = channels.ToDictionary(c => c.Name, StringComparer.Ordinal);
    private readonly DeliveryPace _pace = new(options.Value, time);
    private readonly HashSet<string> _warnedMissing = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                // Several instances on PostgreSQL: one sends, the others wait to take over.
                wait = await election.HoldAsync(stoppingToken) ? await DispatchOnceAsync(stoppingToken) : SenderElection.StandbyInterval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Outbox dispatch failed; trying again shortly");
                wait = options.Value.PollInterval;
            }

            try
            {
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Sends what may be sent now, fairly: a few messages from each chat that is ready, chats waiting for a reply
    /// first, then by their oldest message; so a chat with a thousand queued messages never holds up another.
    /// Returns how long until something else may be sent.
    /// </summary>
    public async Task<TimeSpan> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // Read before the queue: a commit that lands while the queue is read (perhaps a reply this round cannot see) must
        // end the round at its next wait for a token, not after the round's whole length of sends.
        var generation = signal.Generation;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken); // once for the reads and the write
        var now = time.GetUtcNow();

        // A short queue is read whole, once: its chats, their heads and the next retry all come from those rows.
        var whole = await PendingInLaneOrder(db).Take(WholeQueue + 1).ToListAsync(cancellationToken);
        var inHand = whole.Count <= WholeQueue ? whole : null;
        var queues = inHand is not null ? Ready(ChatsInOrder(inHand.Select(m => (m.Channel, m.ExternalChatId, m.NotBefore)), now), settings.BatchSize * 2)
            : await QueuesAsync(db, now, settings.BatchSize * 2, cancellationToken);
        var nextWake = new ConcurrentBag<TimeSpan> { settings.PollInterval };
        var retry = inHand is not null
            ? inHand.Where(m => m.NotBefore > now).Select(m => (DateTimeOffset?)m.NotBefore).Min()
            : await db.Outbox.Where(m => m.State == OutboxState.Pending && m.NotBefore > now).OrderBy(m => m.NotBefore).Select(m => (DateTimeOffset?)m.NotBefore).FirstOrDefaultAsync(cancellationToken);
        if (retry is { } next)
        {
            nextWake.Add(next - now);
        }

        if (queues.Count == 0)
        {
            return nextWake.Min();
        }

        // No more chats than a round can send to: the ones beyond would only hold rows (claimed, on PostgreSQL) for the next round.
        var chatsPerRound = Math.Min(settings.BatchSize, _pace.MostPerRound(RoundLength));
        var ready = new List<(string Channel, string ChatId)>();
        foreach (var queue in queues)
        {
            if (ready.Count == chatsPerRound)
            {
                nextWake.Add(TimeSpan.Zero); // more chats are ready than one round takes
                break;
            }

            if (_pace.IsReady(queue.Channel, queue.ExternalChatId, out var paceWait))
            {
                ready.Add((queue.Channel, queue.ExternalChatId));
            }
            else
            {
                nextWake.Add(paceWait);
            }
        }

        if (queues.Count == settings.BatchSize * 2)
        {
            nextWake.Add(TimeSpan.Zero);
        }

        var perChat = Math.Clamp(settings.PerChatBurst, 1, MaxPerChatPerRound);
        // On PostgreSQL the round's rows are claimed (locked) in a transaction that lasts until their marks are written.
        await using var claim = db.Database.IsNpgsql() ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var rows = inHand is not null ? HeadsInHand(inHand, ready, perChat) : await PendingHeadsAsync(db, ready, perChat, cancellationToken);
        if (claim is not null)
        {
            rows = await OutboxClaim.TakeAsync(db, rows, cancellationToken);
        }

        var unreachable = new ConcurrentDictionary<long, string>();
        var changed = new ConcurrentQueue<OutboxMessage>();
        var byChat = rows.ToLookup(m => (m.Channel, m.ExternalChatId));
        var chats = ready.Select(c => byChat[c].OrderBy(m => m.Id).ToList()).Where(c => c.Count > 0).ToList();
        if (chats.Any(c => c.Count == perChat))
        {
            nextWake.Add(TimeSpan.Zero); // a chat may have more behind what this round took; its pace decides when
        }

        // A round waits for the channel's next token and goes on sending, until it has run for RoundLength or a commit
        // has staged new messages since the queue was read: those may be replies, which the next round puts first.
        var roundStarted = time.GetTimestamp();
        bool WorthWaiting(TimeSpan paceWait, bool channelLimited) =>
            channelLimited && paceWait <= MaxTokenWait && signal.Generation == generation && time.GetElapsedTime(roundStarted) < RoundLength;
        var spent = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        using var tokenTurn = new SemaphoreSlim(1, 1);
        await Parallel.ForEachAsync(chats, new ParallelOptions { MaxDegreeOfParallelism = ChatsInParallel, CancellationToken = cancellationToken }, async (chat, ct) =>
        {
            foreach (var message in chat)
            {
                // A later message never overtakes an earlier one to the same chat.
                if (message.NotBefore > now)
                {
                    nextWake.Add(message.NotBefore - now);
                    return;
                }

                if (!_channels.TryGetValue(message.Channel, out var channel))
                {
                    WarnMissing(message.Channel);
                    message.NotBefore = now.AddMinutes(1);
                    changed.Enqueue(message);
                    return;
                }

                if (spent.ContainsKey(message.Channel))
                {
                    return;
                }

                var taken = _pace.TryTake(message.Channel, message.ExternalChatId, out var paceWait, out var channelLimited);
                if (!taken && WorthWaiting(paceWait, channelLimited))
                {
                    // One worker at a time waits for the channel's next token; the others queue behind it rather than all
                    // waking for every token.
                    await tokenTurn.WaitAsync(ct);
                    try
                    {
                        while (!(taken = _pace.TryTake(message.Channel, message.ExternalChatId, out paceWait, out channelLimited)) && WorthWaiting(paceWait, channelLimited))
                        {
                            await Task.Delay(paceWait, time, ct);
                        }
                    }
                    finally
                    {
                        tokenTurn.Release();
                    }
                }

                if (!taken)
                {
                    // The chat's own pace, or the round is over: once the channel says no, the rest of the round waits too,
                    // so a token that comes back belongs to the next round's head (replies first).
                    if (channelLimited)
                    {
                        spent[message.Channel] = true;
                    }

                    nextWake.Add(paceWait);
                    return;
                }

                var result = await SendAsync(channel, message, ct);
                _pace.Returned(message.Channel, message.ExternalChatId);
                message.Attempts++;
                changed.Enqueue(message);
                switch (result)
                {
                    case SendResult.Delivered delivered:
                        message.State = OutboxState.Sent;
                        message.SentAt = time.GetUtcNow();
                        message.ExternalMessageId = delivered.ExternalMessageId;
                        message.LastError = null;
                        continue;
                    case SendResult.Permanent failed:
                        message.State = OutboxState.Failed;
                        message.LastError = Truncate(failed.Error);
                        logger.LogWarning("Outbox message {OutboxId} to {Channel} chat {ChatId} failed for good: {Error}", message.Id, message.Channel, message.ExternalChatId, failed.Error);
                        if (failed.RecipientUnreachable && message.CitizenId is { } citizenId)
                        {
                            unreachable[citizenId] = failed.Error;
                        }

                        continue;
                    case SendResult.Transient transient:
                        message.LastError = Truncate(transient.Error);
                        if (message.Attempts >= settings.MaxAttempts)
                        {
                            message.State = OutboxState.Failed;
                            logger.LogWarning("Outbox message {OutboxId} gave up after {Attempts} attempts: {Error}", message.Id, message.Attempts, transient.Error);
                            continue;
                        }

                        var delay = transient.RetryAfter ?? Backoff(message.Attempts, settings);
                        if (transient.RetryAfter is { } retryAfter)
                        {
                            _pace.Pause(message.Channel, message.ExternalChatId, retryAfter);
                        }

                        message.NotBefore = time.GetUtcNow() + delay;
                        nextWake.Add(delay);
                        return;
                }
            }
        });

        await SaveAsync(db, changed, unreachable, cancellationToken);
        var soonest = nextWake.Min();
        return soonest > TimeSpan.Zero ? soonest : changed.IsEmpty ? MinimumPause : TimeSpan.FromMilliseconds(1);
    }

    /// <summary>
    /// Pending rows, replies first, then the oldest: read in order from <c>IX_Outbox_PendingByLane</c>, which holds pending
    /// rows only, so reading the head of the queue costs the same beside ten sent messages or ten million.
    /// </summary>
    internal static IQueryable<OutboxMessage> PendingInLaneOrder(IntakeDbContext db) =>
        db.Outbox.AsNoTracking().Where(m => m.State == OutboxState.Pending).OrderBy(m => m.Lane).ThenBy(m => m.Id);

    /// <summary>
    /// Chats with pending messages, replies' chats first, then by their oldest message. They are read from a window of the
    /// oldest pending rows in lane order (an index range), so a round costs the same with ten or ten thousand messages
    /// waiting; chats further back come up as the window moves. Only when a few busy chats fill the whole window is every
    /// chat grouped, so a flood never hides another chat. A chat whose head waits for a retry is not ready: only the head
    /// of a chat is ever delayed, and later rows were staged before now.
    /// </summary>
    private static async Task<List<(string Channel, string ExternalChatId)>> QueuesAsync(IntakeDbContext db, DateTimeOffset now, int count, CancellationToken cancellationToken)
    {
        var window = await PendingInLaneOrder(db)
            .Select(m => new { m.Channel, m.ExternalChatId, m.NotBefore })
            .Take(count * WindowRowsPerChat)
            .ToListAsync(cancellationToken);
        var chats = ChatsInOrder(window.Select(m => (m.Channel, m.ExternalChatId, m.NotBefore)), now);
        if (window.Count < count * WindowRowsPerChat || chats.Count >= count)
        {
            return Ready(chats, count);
        }

        var grouped = await db.Outbox.AsNoTracking().Where(m => m.State == OutboxState.Pending)
            .GroupBy(m => new { m.Channel, m.ExternalChatId })
            .Select(g => new { g.Key.Channel, g.Key.ExternalChatId, Head = g.Min(m => m.Id), Lane = g.Min(m => m.Lane), Latest = g.Max(m => m.NotBefore) })
            .Where(q => q.Latest <= now)
            .OrderBy(q => q.Lane).ThenBy(q => q.Head)
            .Take(count)
            .ToListAsync(cancellationToken);
        return [.. grouped.Select(q => (q.Channel, q.ExternalChatId))];
    }

    /// <summary>
    /// The chats of pending rows given in lane order, each where its first row stands; a chat is ready when none of its
    /// rows waits for a retry (only a chat's head is ever delayed, and later rows were staged before now).
    /// </summary>
    private static List<((string Channel, string ExternalChatId) Chat, bool Ready)> ChatsInOrder(
        IEnumerable<(string Channel, string ExternalChatId, DateTimeOffset NotBefore)> rows, DateTimeOffset now)
    {
        var at = new Dictionary<(string, string), int>();
        var chats = new List<((string Channel, string ExternalChatId) Chat, bool Ready)>();
        foreach (var (channel, chatId, notBefore) in rows)
        {
            var key = (channel, chatId);
            if (!at.TryGetValue(key, out var index))
            {
                at[key] = chats.Count;
                chats.Add((key, notBefore <= now));
            }
            else if (chats[index].Ready && notBefore > now)
            {
                chats[index] = (key, false);
            }
        }

        return chats;
    }

    private static List<(string Channel, string ExternalChatId)> Ready(List<((string Channel, string ExternalChatId) Chat, bool Ready)> chats, int count) =>
        [.. chats.Where(c => c.Ready).Select(c => c.Chat).Take(count)];

    /// <summary>The first <paramref name="perChat"/> rows of each chat, by id, from a queue read whole.</summary>
    private static List<OutboxMessage> HeadsInHand(List<OutboxMessage> pending, IReadOnlyList<(string Channel, string ChatId)> chats, int perChat)
    {
        var wanted = chats.ToHashSet();
        return [.. pending.Where(m => wanted.Contains((m.Channel, m.ExternalChatId))).GroupBy(m => (m.Channel, m.ExternalChatId))
            .SelectMany(g => g.OrderBy(m => m.Id).Take(perChat))];
    }

    /// <summary>The first <paramref name="perChat"/> pending rows of each chat, in order; a long queue costs an index range, not a full read.</summary>
    private static async Task<List<OutboxMessage>> PendingHeadsAsync(IntakeDbContext db, IReadOnlyList<(string Channel, string ChatId)> chats, int perChat, CancellationToken cancellationToken)
    {
        if (chats.Count == 0)
        {
            return [];
        }

        // CROSS JOIN keeps the chats outside: SQLite 3.53 otherwise walks every pending row and, for each, every chat's key.
        var keys = JsonSerializer.Serialize(chats.Select(c => new[] { c.Channel, c.ChatId }));
        if (db.Database.IsNpgsql())
        {
            return await db.Outbox.FromSql($"""
                SELECT o.* FROM "Outbox" AS o WHERE o."Id" IN (
                    SELECT "Id" FROM (
                        SELECT q."Id", ROW_NUMBER() OVER (PARTITION BY q."Channel", q."ExternalChatId" ORDER BY q."Id") AS "Rank"
                        FROM jsonb_array_elements({keys}::jsonb) AS k
                        JOIN "Outbox" AS q ON q."State" = 0 AND q."Channel" = k.value->>0 AND q."ExternalChatId" = k.value->>1) AS heads
                    WHERE "Rank" <= {perChat})
                """).AsNoTracking().ToListAsync(cancellationToken);
        }

        return await db.Outbox.FromSql($"""
            SELECT o.* FROM "Outbox" AS o WHERE o."Id" IN (
                SELECT "Id" FROM (
                    SELECT q."Id", ROW_NUMBER() OVER (PARTITION BY q."Channel", q."ExternalChatId" ORDER BY q."Id") AS "Rank"
                    FROM json_each({keys}) AS k
                    CROSS JOIN "Outbox" AS q ON q."State" = 0 AND q."Channel" = json_extract(k.value, '$[0]') AND q."ExternalChatId" = json_extract(k.value, '$[1]'))
                WHERE "Rank" <= {perChat})
            """).AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Each attempt's outcome. On SQLite they are staged for the next turn commit (<see cref="DeliveryMarks"/>), and written
    /// here only when none comes soon; on PostgreSQL they are written in the round's claim, which that releases.
    /// </summary>
    private async Task SaveAsync(IntakeDbContext db, IReadOnlyCollection<OutboxMessage> changed, IReadOnlyDictionary<long, string> unreachable, CancellationToken cancellationToken)
    {
        if (changed.Count == 0)
        {
            return;
        }

        var reasons = unreachable.ToDictionary(u => u.Key, u => Truncate(u.Value));
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        if (db.Database.CurrentTransaction is { } claim)
        {
            var batch = new DeliveryMarks.Batch();
            batch.Add(changed, reasons);
            await DeliveryMarks.WriteAsync(connection, claim.GetDbTransaction(), batch, cancellationToken);
            await claim.CommitAsync(cancellationToken);
            return;
        }

        var written = marks.Stage(changed, reasons);
        if (await Task.WhenAny(written, Task.Delay(MarksWait, time, CancellationToken.None)) == written)
        {
            return;
        }

        // Delivery marks need not survive a power cut: a mark lost there means a message may go out twice, which a
        // crash between sending and marking can cause anyway. The turns' own commits stay fully durable.
        await PreparedSql.RelaxDurabilityAsync(connection, cancellationToken);
        await PreparedSql.KeepJournalsInMemoryAsync(connection, cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            // Nothing staged means a turn commit took them, and it has committed (or put them back) inside the gate.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await marks.CommitWithAsync(connection, transaction, () => transaction.CommitAsync(cancellationToken), withTurns: false, cancellationToken);
        }

        await written;
    }

    private async Task<SendResult> SendAsync(IChannel channel, OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await channel.SendAsync(new OutboundMessage(message.Id, message.ExternalChatId, ActivityJson.DeserializeReply(message.Payload)), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return SendResult.Retry($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>Exponential with jitter, so a recovering messenger is not hit by every retry at once.</summary>
    private static TimeSpan Backoff(int attempts, OutboxOptions settings)
    {
        var exponential = settings.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 20));
        var jittered = exponential * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, settings.MaxRetryDelay.TotalMilliseconds));
    }

    private void WarnMissing(string channel)
    {
        lock (_warnedMissing)
        {
            if (_warnedMissing.Add(channel))
            {
                logger.LogWarning("Outbox has messages for channel {Channel}, which is not configured; they wait until it is", channel);
            }
        }
    }

    private static string Truncate(string text) => text.Length > 1000 ? text[..1000] : text;
}
