using System.Collections.Concurrent;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Conversations;

/// <summary>
/// Conversations as last committed, kept in memory: this process runs each conversation's turns one at a time, so
/// the snapshot it saved is the current one. Another instance writing in between is caught by the version check
/// on save, which forgets the snapshot so the retry reads the row again.
/// </summary>
internal sealed class ConversationStore(WriteGate writeGate, TimeProvider time)
{
    private const int MaxRemembered = 100_000;
    private readonly ConcurrentDictionary<ConversationKey, ChatSnapshot> _remembered = new();

    public void Remember(ConversationKey key, ChatSnapshot snapshot)
    {
        if (_remembered.Count >= MaxRemembered)
        {
            _remembered.Clear(); // crude but bounded; the next turns read their rows again
        }

        _remembered[key] = snapshot;
    }

    public void Forget(ConversationKey key) => _remembered.TryRemove(key, out _);

    /// <summary>Snapshots for the turns' conversations: remembered, read, or created (citizen and conversation committed at once).</summary>
    public async Task<Dictionary<ConversationKey, ChatSnapshot>> LoadAsync(
        IntakeDbContext db, IReadOnlyList<(ConversationKey Key, Activity Activity)> turns, string defaultLanguage, CancellationToken cancellationToken)
    {
        var result = new Dictionary<ConversationKey, ChatSnapshot>();
        var unknown = new List<(ConversationKey Key, Activity Activity)>();
        foreach (var turn in turns)
        {
            if (result.ContainsKey(turn.Key) || unknown.Exists(u => u.Key == turn.Key))
            {
                continue;
            }

            if (_remembered.TryGetValue(turn.Key, out var snapshot))
            {
                result[turn.Key] = snapshot;
            }
            else
            {
                unknown.Add(turn);
            }
        }

        if (unknown.Count == 0)
        {
            return result;
        }

        foreach (var channel in unknown.Select(u => u.Key.Channel).Distinct())
        {
            var chatIds = unknown.Where(u => u.Key.Channel == channel).Select(u => u.Key.ChatId).ToList();
            var rows = await db.Conversations.AsNoTracking()
                .Where(c => c.Channel == channel && chatIds.Contains(c.ExternalChatId))
                .Select(c => new { c.ExternalChatId, Snapshot = new ChatSnapshot(c.Id, c.CitizenId, c.DialogState, c.Version, c.Citizen!.Language) })
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                result[new ConversationKey(channel, row.ExternalChatId)] = row.Snapshot;
            }
        }

        var missing = unknown.Where(u => !result.ContainsKey(u.Key)).ToList();
        if (missing.Count > 0)
        {
            await CreateAsync(db, missing, defaultLanguage, result, cancellationToken);
        }

        foreach (var (key, _) in unknown)
        {
            Remember(key, result[key]);
        }

        return result;
    }

    /// <summary>First contact: the citizen (found by their channel user id, or new) and the conversation, committed ahead of the turn.</summary>
    private async Task CreateAsync(
        IntakeDbContext db, List<(ConversationKey Key, Activity Activity)> missing, string defaultLanguage,
        Dictionary<ConversationKey, ChatSnapshot> result, CancellationToken cancellationToken)
    {
        var created = new List<(ConversationKey Key, Conversation Conversation, Citizen Citizen)>();
        foreach (var channel in missing.Select(m => m.Key.Channel).Distinct())
        {
            var ofChannel = missing.Where(m => m.Key.Channel == channel).ToList();
            var userIds = ofChannel.Select(m => m.Activity.From?.Id ?? m.Key.ChatId).Distinct().ToList();
            var known = await db.Citizens.Where(c => c.Channel == channel && userIds.Contains(c.ExternalUserId)).ToListAsync(cancellationToken);
            foreach (var (key, activity) in ofChannel)
            {
                var from = activity.From;
                var userId = from?.Id ?? key.ChatId;
                var citizen = known.Find(c => c.ExternalUserId == userId);
                if (citizen is null)
                {
                    citizen = new Citizen
                    {
                        Channel = channel,
                        ExternalUserId = userId,
                        Name = from?.Name,
                        Language = (IntakeCultures.FromLanguageCode(from?.LanguageCode)?.TwoLetterISOLanguageName) ?? defaultLanguage,
                        CreatedAt = time.GetUtcNow(),
                    };
                    known.Add(citizen);
                }

                var conversation = db.Conversations.Add(new Conversation
                {
                    Channel = channel,
                    ExternalChatId = key.ChatId,
                    Citizen = citizen,
                    LastActivityAt = time.GetUtcNow(),
                }).Entity;
                created.Add((key, conversation, citizen));
            }
        }

        using (await writeGate.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        foreach (var (key, conversation, citizen) in created)
        {
            result[key] = new ChatSnapshot(conversation.Id, citizen.Id, null, conversation.Version, citizen.Language);
        }

        db.ChangeTracker.Clear();
    }
}
