using System.Data.Common;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Outbox;

namespace ChatIntake.Conversations;

/// <summary>
/// The few statements every turn writes, prepared once per commit and run for each turn: on the hot path these
/// cost a fraction of tracking the same rows as entities.
/// </summary>
internal sealed class TurnWriter : IAsyncDisposable
{
    private readonly DbCommand _conversation;
    private readonly DbCommand _citizen;
    private readonly DbCommand _outbox;
    private readonly DbCommand _inbox;

    public TurnWriter(DbConnection connection, DbTransaction transaction)
    {
        _conversation = Command(connection, transaction,
            """UPDATE "Conversations" SET "DialogState" = @state, "Version" = "Version" + 1, "LastActivityAt" = @now WHERE "Id" = @id AND "Version" = @version""",
            "@state", "@now", "@id", "@version");
        _citizen = Command(connection, transaction,
            """UPDATE "Citizens" SET "Language" = @language, "Phone" = COALESCE(@phone, "Phone") WHERE "Id" = @id""",
            "@language", "@phone", "@id");
        _outbox = Command(connection, transaction,
            """
            INSERT INTO "Outbox" ("Channel", "ExternalChatId", "CitizenId", "Payload", "State", "Attempts", "NotBefore", "CreatedAt")
            VALUES (@channel, @chat, @citizen, @payload, @state, 0, @now, @now)
            """,
            "@channel", "@chat", "@citizen", "@payload", "@state", "@now");
        _inbox = Command(connection, transaction,
            """UPDATE "Inbox" SET "ProcessedAt" = @now, "Error" = @error WHERE "Id" = @id""",
            "@now", "@error", "@id");
    }

    /// <summary>False when another instance saved a turn of this conversation since it was read.</summary>
    public async Task<bool> SaveConversationAsync(long id, int version, string? state, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExecuteAsync(_conversation, cancellationToken, state, now.ToUnixTimeMilliseconds(), id, version) == 1;

    public Task SaveCitizenAsync(long id, string language, string? phone, CancellationToken cancellationToken) =>
        ExecuteAsync(_citizen, cancellationToken, language, phone, id);

    public Task AddOutboxAsync(ConversationKey chat, long citizenId, Activity activity, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(_outbox, cancellationToken, chat.Channel, chat.ChatId, citizenId, ActivityJson.Serialize(activity), (int)OutboxState.Pending, now.ToUnixTimeMilliseconds());

    public Task MarkDoneAsync(long inboxId, string? error, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(_inbox, cancellationToken, now.ToUnixTimeMilliseconds(), error, inboxId);

    public async ValueTask DisposeAsync()
    {
        foreach (var command in new[] { _conversation, _citizen, _outbox, _inbox })
        {
            await command.DisposeAsync();
        }
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static Task<int> ExecuteAsync(DbCommand command, CancellationToken cancellationToken, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command.ExecuteNonQueryAsync(cancellationToken);
    }
}
