using System.Globalization;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Outbox;
using ChatIntake.Privacy;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace ChatIntake.Conversations;

/// <summary>
/// Takes committed inbox messages and runs their turns. Each turn's dialog state, ticket changes, replies (as outbox
/// rows) and the inbox row's "done" mark are saved together; turns of different conversations share a commit.
/// A turn that throws is retried alone; if it fails alone, its conversation restarts with an apology, so no one stays stuck.
/// </summary>
public sealed class TurnProcessor(
    TurnQueue queue,
    IDbContextFactory<IntakeDbContext> contexts,
    IServiceProvider services,
    TicketDeskFactory desks,
    CitizenDataDesks dataDesks,
    NewFilesSignal newFiles,
    IOptions<IntakeOptions> intakeOptions,
    IOptions<PipelineOptions> pipelineOptions,
    IOptions<LanguageOptions> localization,
    OutboxSignal outboxSignal,
    PromptOptionsStore promptOptions,
    DeliveryMarks deliveryMarks,
    WriteGate writeGate,
    IOptions<DatabaseOptions> database,
    TimeProvider time,
    ILogger<TurnProcessor> logger) : BackgroundService
{
    private const int MaxSaveAttempts = 3;
    private readonly DialogRunner _runner = IntakeBot.CreateRunner(intakeOptions.Value);
    private readonly ConversationStore _conversations = new(writeGate, time);
    private readonly bool _shared = database.Value.IsPostgres;
    private readonly Dictionary<long, int> _saveFailures = [];
    private HashSet<string>? _webLike;

    /// <summary>Raised after each commit with the inbox ids it completed (tests and benchmarks measure with it).</summary>
    public event Action<IReadOnlyList<long>>? TurnsCommitted;

    /// <summary>
    /// Runs updates' turns as they arrive; <see cref="CommitArrivalsAsync"/> then stores them in the same commit that saves
    /// their turns: one commit where storing and then turning takes two, and each update is still acknowledged only after
    /// that commit. Only for a database this process has to itself, and only for conversations with nothing else waiting
    /// or running (their order is the queue's). Left to the inbox's ordinary path (stored, then queued): a busy
    /// conversation, a second update of one chat, those past <see cref="PipelineOptions.MaxTurnsPerCommit"/>, and the
    /// whole group when anything fails (a redelivery among them, a turn that threw, the commit), which the ordinary path
    /// then handles one by one; and chats in <paramref name="busyChats"/>, whose earlier updates the caller has yet to store
    /// or queue. The caller disposes the group once it has stored and queued what was left to it.
    /// </summary>
    public async Task<ArrivalGroup> TurnOnArrivalAsync(
        IReadOnlyList<(InboundUpdate Update, string Payload)> updates, IReadOnlySet<ConversationKey> busyChats, CancellationToken cancellationToken)
    {
        var group = new ArrivalGroup(queue, updates.Count);
        if (_shared)
        {
            return group;
        }

        for (var i = 0; i < updates.Count && group.Taken.Count < pipelineOptions.Value.MaxTurnsPerCommit; i++)
        {
            var update = updates[i].Update;
            var key = new ConversationKey(update.Channel, update.ChatId);
            if (!busyChats.Contains(key) && queue.TryClaim(key))
            {
                group.Taken.Add((i, new QueuedTurn(key, 0, update.Activity)));
            }
        }

        if (group.Taken.Count == 0)
        {
            return group;
        }

        try
        {
            group.Arrivals = [.. group.Taken.Select(t => updates[t.Index])];
            group.Prepared = await RunTurnsAsync([.. group.Taken.Select(t => t.Turn)], isolated: false, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Turning {Count} updates on arrival failed; they are stored and turned one by one", group.Taken.Count);
        }
        catch
        {
            await group.DisposeAsync();
            throw;
        }

        return group;
    }

    /// <summary>
    /// Commits the group's turns with their updates; returns each update's inbox id, or null for those left to the
    /// inbox's ordinary path (all of them when the commit failed).
    /// </summary>
    public async Task<long?[]> CommitArrivalsAsync(ArrivalGroup group, CancellationToken cancellationToken)
    {
        var ids = new long?[group.Count];
        if (group.Prepared is not { } prepared)
        {
            return ids;
        }

        IReadOnlyList<QueuedTurn> committed;
        try
        {
            committed = await SaveTurnsAsync(prepared, group.Arrivals, cancellationToken);
        }
        catch (Exception ex) when (ex is RedeliveredException || !cancellationToken.IsCancellationRequested)
        {
            if (ex is not RedeliveredException)
            {
                logger.LogWarning(ex, "Committing {Count} updates turned on arrival failed; they are stored and turned one by one", group.Taken.Count);
            }

            return ids;
        }

        for (var i = 0; i < group.Taken.Count; i++)
        {
            ids[group.Taken[i].Index] = committed[i].InboxId;
        }

        group.ReleaseClaims();
        Announce(committed);
        return ids;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, pipelineOptions.Value.Workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<QueuedTurn> batch;
            try
            {
                batch = await queue.TakeBatchAsync(pipelineOptions.Value.MaxTurnsPerCommit, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await ProcessAsync(batch, stoppingToken);
        }
    }

    private async Task ProcessAsync(IReadOnlyList<QueuedTurn> batch, CancellationToken cancellationToken)
    {
        try
        {
            Completed(batch, (await RunAndSaveAsync(batch, isolated: batch.Count == 1, cancellationToken)).PutBack);
            return;
        }
        catch (Exception ex) when (batch.Count > 1 && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "A group of {Count} turns failed; running them one by one", batch.Count);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            RetryLater(batch[0], ex);
            return;
        }
        catch (OperationCanceledException)
        {
            return; // still unprocessed in the inbox: the next start resumes it
        }

        foreach (var turn in batch)
        {
            try
            {
                Completed([turn], (await RunAndSaveAsync([turn], isolated: true, cancellationToken)).PutBack);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                RetryLater(turn, ex);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Completed(IReadOnlyList<QueuedTurn> batch, IReadOnlyList<QueuedTurn> putBack)
    {
        foreach (var turn in putBack)
        {
            queue.PutBack(turn);
        }

        foreach (var turn in batch)
        {
            lock (_saveFailures)
            {
                _saveFailures.Remove(turn.InboxId);
            }

            queue.Complete(turn.Key);
        }

        Announce(batch);
    }

    /// <summary>After a commit: its replies and files wait to go out, and whoever measures hears which updates it completed.</summary>
    private void Announce(IReadOnlyList<QueuedTurn> committed)
    {
        outboxSignal.Notify();
        newFiles.Notify();
        TurnsCommitted?.Invoke([.. committed.Select(t => t.InboxId)]);
    }

    /// <summary>The save itself failed (e.g. the database was busy or another instance changed the conversation): try again shortly.</summary>
    private void RetryLater(QueuedTurn turn, Exception ex)
    {
        int failures;
        lock (_saveFailures)
        {
            failures = _saveFailures[turn.InboxId] = _saveFailures.GetValueOrDefault(turn.InboxId) + 1;
        }

        logger.LogError(ex, "Turn for inbox message {InboxId} could not be saved (attempt {Attempt})", turn.InboxId, failures);
        _ = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200 * failures), time);
            queue.Retry(turn);
        });
    }

    /// <summary>
    /// Runs and saves the turns; returns the ones displaced by an earlier update of their conversation, to run next, and
    /// the turns committed, with their inbox ids.
    /// </summary>
    private async Task<(IReadOnlyList<QueuedTurn> PutBack, IReadOnlyList<QueuedTurn> Committed)> RunAndSaveAsync(
        IReadOnlyList<QueuedTurn> batch, bool isolated, CancellationToken cancellationToken)
    {
        await using var prepared = await RunTurnsAsync(batch, isolated, cancellationToken);
        return (prepared.PutBack, await SaveTurnsAsync(prepared, null, cancellationToken));
    }

    /// <summary>Runs the turns, keeping what they produced (and their context, with any conversation locks) for <see cref="SaveTurnsAsync"/>.</summary>
    private async Task<PreparedTurns> RunTurnsAsync(IReadOnlyList<QueuedTurn> batch, bool isolated, CancellationToken cancellationToken)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken);
        var prepared = new PreparedTurns(db);
        try
        {
            if (_shared)
            {
                await db.Database.BeginTransactionAsync(cancellationToken);
                (var run, prepared.PutBack) = await ConversationOrder.LockAsync(db, batch, cancellationToken);
                batch = run;
            }

            var turns = await WithActivitiesAsync(db, batch, cancellationToken);
            if (turns.Count == 0)
            {
                return prepared;
            }

            var chats = await _conversations.LoadAsync(db, [.. turns.Select(t => (t.Turn.Key, t.Activity))], DefaultCulture.TwoLetterISOLanguageName, cancellationToken);

            // One open for the whole batch: every open runs the connection's pragmas, and the dialogs' look-ups would each open again.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var nearby = new NearbyTicketFinder(db);
            prepared.Now = time.GetUtcNow();
            foreach (var (turn, activity) in turns)
            {
                var chat = chats[turn.Key];
                int failures;
                lock (_saveFailures)
                {
                    failures = _saveFailures.GetValueOrDefault(turn.InboxId);
                }

                if (failures >= MaxSaveAttempts)
                {
                    prepared.Outcomes.Add(GiveUp(turn, chat, "could not be saved"));
                    continue;
                }

                try
                {
                    prepared.Outcomes.Add(await RunTurnAsync(db, nearby, turn, activity, chat, cancellationToken));
                }
                catch (Exception ex) when (isolated && ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Turn for inbox message {InboxId} failed; the conversation restarts", turn.InboxId);
                    db.ChangeTracker.Clear();
                    prepared.Outcomes.Add(GiveUp(turn, chat, ex.GetType().Name + ": " + ex.Message));
                }
            }

            return prepared;
        }
        catch
        {
            await prepared.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Saves what the turns produced, with <paramref name="arrivals"/> (one per turn, if given) stored in the same commit;
    /// returns the turns committed, with their inbox ids.
    /// </summary>
    private async Task<IReadOnlyList<QueuedTurn>> SaveTurnsAsync(PreparedTurns prepared, IReadOnlyList<(InboundUpdate Update, string Payload)>? arrivals, CancellationToken cancellationToken)
    {
        var outcomes = prepared.Outcomes;
        if (outcomes.Count == 0)
        {
            return [];
        }

        await SaveAsync(prepared.Db, outcomes, arrivals, prepared.Now, cancellationToken);
        return [.. outcomes.Select(o => o.Turn)];
    }

    /// <summary>Turns resumed after a restart carry no activity: read it from the inbox, skipping any already done.</summary>
    private static async Task<List<(QueuedTurn Turn, Activity Activity)>> WithActivitiesAsync(IntakeDbContext db, IReadOnlyList<QueuedTurn> batch, CancellationToken cancellationToken)
    {
        var resumed = batch.Where(t => t.Activity is null).Select(t => t.InboxId).ToList();
        var payloads = resumed.Count == 0
            ? []
            : await db.Inbox.AsNoTracking().Where(m => resumed.Contains(m.Id) && m.ProcessedAt == null).ToDictionaryAsync(m => m.Id, m => m.Payload, cancellationToken);
        var turns = new List<(QueuedTurn, Activity)>(batch.Count);
        foreach (var turn in batch)
        {
            if (turn.Activity is { } activity)
            {
                turns.Add((turn, activity));
            }
            else if (payloads.TryGetValue(turn.InboxId, out var payload))
            {
                turns.Add((turn, ActivityJson.Deserialize(payload)));
            }
        }

        return turns;
    }

    /// <summary>What the chat's channel can do, as the channel itself says (a channel the host does not know is a messenger).</summary>
    private ChannelTraits Traits(string channel)
    {
        _webLike ??= [.. services.GetServices<IChannel>().Where(c => !c.IsMessenger).Select(c => c.Name)];
        return _webLike.Contains(channel) ? ChannelTraits.WebChat : ChannelTraits.Messenger;
    }

    private async Task<TurnOutcome> RunTurnAsync(IntakeDbContext db, NearbyTicketFinder nearby, QueuedTurn queued, Activity activity, ChatSnapshot chat, CancellationToken cancellationToken)
    {
        var citizen = new Citizen { Id = chat.CitizenId, Channel = queued.Key.Channel, ExternalUserId = string.Empty, Language = chat.Language };
        var desk = desks.Create(db, citizen, nearby);
        var dataDesk = dataDesks.Create(db, chat.CitizenId);
        var turn = new TurnContext(activity, CultureFor(chat.Language), new TurnServices(desk, dataDesk, Traits(queued.Key.Channel), services));
        var state = DialogState.FromUtf8Json(chat.DialogState, out var unreadable);

        await _runner.RunTurnAsync(turn, state, unreadable, cancellationToken);

        return new TurnOutcome(
            queued,
            chat,
            state.Stack.Count == 0 && state.Values.Count == 0 ? null : state.ToUtf8Json(),
            turn.Culture.TwoLetterISOLanguageName,
            activity.Contact is { IsSendersOwn: true } contact ? contact.PhoneNumber : null,
            [.. turn.SentActivities.Select(ActivityJson.Serialize)],
            null,
            desk.NewTickets,
            dataDesk.Erased);
    }

    private TurnOutcome GiveUp(QueuedTurn turn, ChatSnapshot chat, string error)
    {
        var texts = new CultureTexts(services.GetRequiredService<TextCatalog>(), CultureFor(chat.Language));
        var apology = Activity.Message(texts["turn.failed"], Menu.Actions(texts));
        return new TurnOutcome(turn, chat, null, chat.Language, null, [ActivityJson.Serialize(apology)], error.Length > 1000 ? error[..1000] : error, [], false);
    }

    /// <summary>
    /// One transaction: the dialogs' ticket changes (EF), then each turn's state, citizen, replies and inbox mark; turns
    /// run on arrival store their update here instead, already marked, and their outcomes get its id. The outbox's
    /// delivery marks staged since the last commit (<see cref="DeliveryMarks"/>) go in it too.
    /// </summary>
    private async Task SaveAsync(IntakeDbContext db, List<TurnOutcome> outcomes, IReadOnlyList<(InboundUpdate Update, string Payload)>? arrivals, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await PreparedSql.KeepJournalsInMemoryAsync(db.Database.GetDbConnection(), cancellationToken);
        using var writing = await writeGate.EnterAsync(cancellationToken);
        // On PostgreSQL the transaction holding the conversations' locks is already open: the commit releases them.
        await using var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var transaction = owned ?? db.Database.CurrentTransaction!;
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        // Before the states: a state may name shared options this process has not written yet.
        var sharedOptions = await promptOptions.WriteNewAsync(db.Database.GetDbConnection(), transaction.GetDbTransaction(), now, cancellationToken);
        await using var writer = new TurnWriter(db.Database.GetDbConnection(), transaction.GetDbTransaction());
        var newTickets = new List<Ticket>();
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (arrivals is not null)
            {
                var (update, payload) = arrivals[i];
                var inboxId = await writer.StoreTurnedAsync(update, payload, outcomes[i].Error, now, cancellationToken)
                    ?? throw new RedeliveredException();
                outcomes[i] = outcomes[i] with { Turn = outcomes[i].Turn with { InboxId = inboxId } };
            }

            var outcome = outcomes[i];
            var chat = outcome.Chat;
            if (!await writer.SaveConversationAsync(chat.ConversationId, chat.Version, outcome.State, now, cancellationToken))
            {
                throw new DbUpdateConcurrencyException($"Conversation {chat.ConversationId} was saved by someone else since it was read.");
            }

            if (outcome.Erased)
            {
                // The citizen asked to be erased: the reply goes out unlinked, then their chats and the citizen row go.
                foreach (var reply in outcome.Replies)
                {
                    await writer.AddOutboxAsync(outcome.Turn.Key, null, reply, now, cancellationToken);
                }

                await MarkDoneAsync(outcome);
                await writer.EraseCitizenAsync(chat.CitizenId, outcome.Turn.InboxId, cancellationToken);
                continue;
            }

            if (outcome.Language != chat.Language || outcome.Phone is not null)
            {
                await writer.SaveCitizenAsync(chat.CitizenId, outcome.Language, outcome.Phone, cancellationToken);
            }

            newTickets.AddRange(outcome.NewTickets);
            foreach (var reply in outcome.Replies)
            {
                await writer.AddOutboxAsync(outcome.Turn.Key, chat.CitizenId, reply, now, cancellationToken);
            }

            await MarkDoneAsync(outcome);
        }

        // The group's new tickets together, several to a statement (TurnWriter.AddTicketsAsync).
        await writer.AddTicketsAsync(newTickets, cancellationToken);

        // The dispatcher's marks staged since the last commit ride on this one, still inside the write gate.
        await deliveryMarks.CommitWithAsync(db.Database.GetDbConnection(), transaction.GetDbTransaction(), () => transaction.CommitAsync(cancellationToken),
            withTurns: true, cancellationToken);

        promptOptions.Written(sharedOptions);

        // A turn run on arrival stored its update already done.
        Task MarkDoneAsync(TurnOutcome outcome) =>
            arrivals is null ? writer.MarkDoneAsync(outcome.Turn.InboxId, outcome.Error, now, cancellationToken) : Task.CompletedTask;
    }

    private CultureInfo DefaultCulture => IntakeCultures.FromLanguageCode(localization.Value.DefaultCulture) ?? IntakeCultures.Persian;

    private CultureInfo CultureFor(string language) => IntakeCultures.FromLanguageCode(language) ?? DefaultCulture;

    /// <summary>An update handed over on arrival was stored before: the inbox's ordinary path tells its caller so.</summary>
    private sealed class RedeliveredException() : Exception("The update was stored before.");

    /// <summary>Turns run and waiting for their commit, with the context they ran in (and, on PostgreSQL, its transaction holding their conversations' locks).</summary>
    internal sealed class PreparedTurns(IntakeDbContext db) : IAsyncDisposable
    {
        public IntakeDbContext Db { get; } = db;

        public List<TurnOutcome> Outcomes { get; } = [];

        /// <summary>Turns displaced by an earlier update of their conversation another instance stored, to run next.</summary>
        public IReadOnlyList<QueuedTurn> PutBack { get; set; } = [];

        public DateTimeOffset Now { get; set; }

        public async ValueTask DisposeAsync()
        {
            if (Db.Database.CurrentTransaction is { } transaction)
            {
                await transaction.DisposeAsync();
            }

            await Db.DisposeAsync();
        }
    }

    /// <summary>What one turn produced, waiting for the commit; replies already serialised, so the one writer only writes.</summary>
    internal sealed record TurnOutcome(
        QueuedTurn Turn, ChatSnapshot Chat, byte[]? State, string Language, string? Phone, IReadOnlyList<string> Replies, string? Error, IReadOnlyList<Ticket> NewTickets,
        bool Erased);
}
