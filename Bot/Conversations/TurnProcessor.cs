using System.Globalization;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Outbox;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;
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
    CategoryCatalog categories,
    ServiceArea serviceArea,
    TrackingCodeGenerator codes,
    IOptions<IntakeOptions> intakeOptions,
    IOptions<PipelineOptions> pipelineOptions,
    IOptions<LanguageOptions> localization,
    OutboxSignal outboxSignal,
    WriteGate writeGate,
    TimeProvider time,
    ILogger<TurnProcessor> logger) : BackgroundService
{
    private const int MaxSaveAttempts = 3;
    private readonly DialogRunner _runner = IntakeBot.CreateRunner(intakeOptions.Value);
    private readonly Dictionary<long, int> _saveFailures = [];

    /// <summary>Raised after each commit with the inbox ids it completed (tests and benchmarks measure with it).</summary>
    public event Action<IReadOnlyList<long>>? TurnsCommitted;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, pipelineOptions.Value.Workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<(ConversationKey Key, long InboxId)> batch;
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

    private async Task ProcessAsync(IReadOnlyList<(ConversationKey Key, long InboxId)> batch, CancellationToken cancellationToken)
    {
        try
        {
            await RunAndSaveAsync(batch, isolated: batch.Count == 1, cancellationToken);
            Completed(batch);
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

        foreach (var item in batch)
        {
            try
            {
                await RunAndSaveAsync([item], isolated: true, cancellationToken);
                Completed([item]);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                RetryLater(item, ex);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Completed(IReadOnlyList<(ConversationKey Key, long InboxId)> batch)
    {
        foreach (var (key, inboxId) in batch)
        {
            lock (_saveFailures)
            {
                _saveFailures.Remove(inboxId);
            }

            queue.Complete(key);
        }

        outboxSignal.Notify();
        TurnsCommitted?.Invoke([.. batch.Select(b => b.InboxId)]);
    }

    /// <summary>The save itself failed (e.g. the database was busy or another instance changed the conversation): try again shortly.</summary>
    private void RetryLater((ConversationKey Key, long InboxId) item, Exception ex)
    {
        int failures;
        lock (_saveFailures)
        {
            failures = _saveFailures[item.InboxId] = _saveFailures.GetValueOrDefault(item.InboxId) + 1;
        }

        logger.LogError(ex, "Turn for inbox message {InboxId} could not be saved (attempt {Attempt})", item.InboxId, failures);
        _ = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200 * failures), time);
            queue.Retry(item.Key, item.InboxId);
        });
    }

    private async Task RunAndSaveAsync(IReadOnlyList<(ConversationKey Key, long InboxId)> batch, bool isolated, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = batch.Select(b => b.InboxId).ToList();
        var messages = await db.Inbox.Where(m => ids.Contains(m.Id) && m.ProcessedAt == null).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        if (messages.Count == 0)
        {
            return;
        }

        var chats = await EnsureConversationsAsync(db, messages, cancellationToken);
        var now = time.GetUtcNow();
        foreach (var message in messages)
        {
            var (conversation, citizen) = chats[new ConversationKey(message.Channel, message.ExternalChatId)];
            var failures = 0;
            lock (_saveFailures)
            {
                failures = _saveFailures.GetValueOrDefault(message.Id);
            }

            if (failures >= MaxSaveAttempts)
            {
                GiveUp(db, message, conversation, citizen, "could not be saved", now);
                continue;
            }

            try
            {
                await RunTurnAsync(db, message, conversation, citizen, now, cancellationToken);
            }
            catch (Exception ex) when (isolated && ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Turn for inbox message {InboxId} failed; the conversation restarts", message.Id);
                db.ChangeTracker.Clear();
                db.Attach(message);
                db.Attach(conversation);
                db.Attach(citizen);
                GiveUp(db, message, conversation, citizen, ex.GetType().Name + ": " + ex.Message, now);
            }
        }

        using (await writeGate.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task RunTurnAsync(IntakeDbContext db, InboxMessage message, Conversation conversation, Citizen citizen, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var activity = ActivityJson.Deserialize(message.Payload);
        var desk = new TicketDesk(db, citizen, categories, serviceArea, codes, intakeOptions.Value, time);
        var turn = new TurnContext(activity, CultureFor(citizen), new TurnServices(desk, services));
        var state = DialogState.FromJson(conversation.DialogState, out var unreadable);

        await _runner.RunTurnAsync(turn, state, unreadable, cancellationToken);

        conversation.DialogState = state.Stack.Count == 0 && state.Values.Count == 0 ? null : state.ToJson();
        conversation.Version++;
        conversation.LastActivityAt = now;
        citizen.Language = turn.Culture.TwoLetterISOLanguageName;
        if (activity.Contact is { IsSendersOwn: true } contact)
        {
            citizen.Phone = contact.PhoneNumber;
        }

        foreach (var reply in turn.SentActivities)
        {
            db.Outbox.Add(NewOutboxMessage(conversation, citizen, reply, now));
        }

        message.ProcessedAt = now;
    }

    private void GiveUp(IntakeDbContext db, InboxMessage message, Conversation conversation, Citizen citizen, string error, DateTimeOffset now)
    {
        conversation.DialogState = null;
        conversation.Version++;
        conversation.LastActivityAt = now;
        message.ProcessedAt = now;
        message.Error = error.Length > 1000 ? error[..1000] : error;
        var texts = new CultureTexts(services.GetRequiredService<TextCatalog>(), CultureFor(citizen));
        var apology = Activity.Message(texts["turn.failed"], Menu.Actions(texts));
        db.Outbox.Add(NewOutboxMessage(conversation, citizen, apology, now));
    }

    private static OutboxMessage NewOutboxMessage(Conversation conversation, Citizen citizen, Activity activity, DateTimeOffset now) => new()
    {
        Channel = conversation.Channel,
        ExternalChatId = conversation.ExternalChatId,
        CitizenId = citizen.Id,
        Payload = ActivityJson.Serialize(activity),
        State = OutboxState.Pending,
        NotBefore = now,
        CreatedAt = now,
    };

    /// <summary>Loads the batch's conversations and citizens, creating (and saving) the ones seen for the first time.</summary>
    private async Task<Dictionary<ConversationKey, (Conversation, Citizen)>> EnsureConversationsAsync(
        IntakeDbContext db, List<InboxMessage> messages, CancellationToken cancellationToken)
    {
        var chatIds = messages.Select(m => m.ExternalChatId).Distinct().ToList();
        var conversations = (await db.Conversations.Where(c => chatIds.Contains(c.ExternalChatId)).ToListAsync(cancellationToken))
            .Where(c => messages.Any(m => m.Channel == c.Channel && m.ExternalChatId == c.ExternalChatId))
            .ToDictionary(c => new ConversationKey(c.Channel, c.ExternalChatId));
        var citizenIds = conversations.Values.Select(c => c.CitizenId).ToList();
        var citizens = await db.Citizens.Where(c => citizenIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);

        // First contact: citizen and conversation rows are saved ahead of the turn, so the turn can refer to their ids.
        var missing = messages
            .GroupBy(m => new ConversationKey(m.Channel, m.ExternalChatId))
            .Where(g => !conversations.ContainsKey(g.Key))
            .Select(g => (Key: g.Key, From: ActivityJson.Deserialize(g.First().Payload).From))
            .ToList();
        if (missing.Count > 0)
        {
            var userIds = missing.Select(m => m.From?.Id ?? m.Key.ChatId).Distinct().ToList();
            var known = await db.Citizens.Where(c => userIds.Contains(c.ExternalUserId)).ToListAsync(cancellationToken);
            foreach (var (key, from) in missing)
            {
                var userId = from?.Id ?? key.ChatId;
                var citizen = known.FirstOrDefault(c => c.Channel == key.Channel && c.ExternalUserId == userId);
                if (citizen is null)
                {
                    citizen = new Citizen
                    {
                        Channel = key.Channel,
                        ExternalUserId = userId,
                        Name = from?.Name,
                        Language = (IntakeCultures.FromLanguageCode(from?.LanguageCode) ?? DefaultCulture).TwoLetterISOLanguageName,
                        CreatedAt = time.GetUtcNow(),
                    };
                    known.Add(citizen);
                }

                conversations[key] = db.Conversations.Add(new Conversation
                {
                    Channel = key.Channel,
                    ExternalChatId = key.ChatId,
                    Citizen = citizen,
                    LastActivityAt = time.GetUtcNow(),
                }).Entity;
            }

            using (await writeGate.EnterAsync(cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
            }

            foreach (var conversation in conversations.Values)
            {
                citizens[conversation.CitizenId] = conversation.Citizen ?? citizens[conversation.CitizenId];
            }
        }

        return conversations.ToDictionary(c => c.Key, c => (c.Value, citizens[c.Value.CitizenId]));
    }

    private CultureInfo DefaultCulture => IntakeCultures.FromLanguageCode(localization.Value.DefaultCulture) ?? IntakeCultures.Persian;

    private CultureInfo CultureFor(Citizen citizen) => IntakeCultures.FromLanguageCode(citizen.Language) ?? DefaultCulture;
}
