using System.Data.Common;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Outbox;
using ChatIntake.Tickets;

namespace ChatIntake.Conversations;

/// <summary>
/// The few statements every turn writes, prepared once per commit and run for each turn: on the hot path these
/// cost a fraction of tracking the same rows as entities. On SQLite the four every turn runs go straight to its handle
/// (<see cref="SqliteStatement"/>), with the commands' text and parameter names.
/// </summary>
public sealed class TurnWriter : IAsyncDisposable
{
    private readonly DbCommand _conversation;
    private readonly DbCommand _citizen;
    private readonly DbCommand _outbox;
    private readonly DbCommand _inbox;
    private readonly DbCommand _arrived;
    private readonly Microsoft.Data.Sqlite.SqliteConnection? _sqlite;
    private SqliteStatement? _conversationOnHandle;
    private SqliteStatement? _outboxOnHandle;
    private SqliteStatement? _inboxOnHandle;
    private SqliteStatement? _arrivedOnHandle;
    private SqliteStatement? _ticketOnHandle;
    private SqliteStatement? _eventOnHandle;
    private SqliteStatement? _attachmentOnHandle;
    private readonly DbCommand _ticket;
    private readonly DbCommand _event;
    private readonly DbCommand _attachment;

    public TurnWriter(DbConnection connection, DbTransaction transaction)
    {
        _sqlite = connection as Microsoft.Data.Sqlite.SqliteConnection;
        // On SQLite a new row's id is read from the connection (SqliteStatement.ExecuteInsert), not returned.
        var returning = _sqlite is null ? "\nRETURNING \"Id\"" : string.Empty;
        _conversation = PreparedSql.Create(connection, transaction,
            """UPDATE "Conversations" SET "DialogState" = @state, "Version" = "Version" + 1, "LastActivityAt" = @now WHERE "Id" = @id AND "Version" = @version""",
            "@state", "@now", "@id", "@version");
        _citizen = PreparedSql.Create(connection, transaction,
            """UPDATE "Citizens" SET "Language" = @language, "Phone" = COALESCE(@phone, "Phone") WHERE "Id" = @id""",
            "@language", "@phone", "@id");
        _outbox = PreparedSql.Create(connection, transaction,
            """
            INSERT INTO "Outbox" ("Channel", "ExternalChatId", "CitizenId", "Payload", "State", "Attempts", "NotBefore", "CreatedAt")
            VALUES (@channel, @chat, @citizen, @payload, @state, 0, @now, @now)
            """,
            "@channel", "@chat", "@citizen", "@payload", "@state", "@now");
        _inbox = PreparedSql.Create(connection, transaction,
            """UPDATE "Inbox" SET "ProcessedAt" = @now, "Error" = @error WHERE "Id" = @id""",
            "@now", "@error", "@id");
        _arrived = PreparedSql.Create(connection, transaction,
            """
            INSERT INTO "Inbox" ("Channel", "ExternalUpdateId", "ExternalChatId", "Payload", "ReceivedAt", "ProcessedAt", "Error")
            VALUES (@channel, @update, @chat, @payload, @now, @now, @error)
            ON CONFLICT ("Channel", "ExternalUpdateId") DO NOTHING
            """ + returning,
            "@channel", "@update", "@chat", "@payload", "@now", "@error");
        _ticket = PreparedSql.Create(connection, transaction,
            """
            INSERT INTO "Tickets" ("TrackingCode", "CitizenId", "CategoryId", "DistrictId", "Latitude", "Longitude", "AddressText",
                "Description", "Status", "Priority", "Channel", "CreatedAt", "UpdatedAt", "ResolvedAt", "ClosedAt", "ResponseDueAt",
                "ResolutionDueAt", "Satisfaction", "DuplicateOfId", "AssigneeId", "Department", "SatisfactionComment", "SurveySentAt",
                "ProgressNoticeAt", "ReminderSentAt", "EscalatedAt", "ResponseReminderAt", "ResponseEscalatedAt", "FirstResponseAt", "Kind")
            VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17, @p18, @p19, @p20,
                @p21, @p22, @p23, @p24, @p25, @p26, @p27, @p28, @p29)
            """ + returning,
            [.. Enumerable.Range(0, 30).Select(i => $"@p{i}")]);
        _event = PreparedSql.Create(connection, transaction,
            """
            INSERT INTO "TicketEvents" ("TicketId", "Kind", "Author", "Text", "FromStatus", "ToStatus", "OutboxMessageId", "CreatedAt",
                "ActorKind", "ActorId", "FromValue", "ToValue")
            VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11)
            """ + returning,
            [.. Enumerable.Range(0, 12).Select(i => $"@p{i}")]);
        _attachment = PreparedSql.Create(connection, transaction,
            """
            INSERT INTO "Attachments" ("TicketId", "TicketEventId", "ChannelFileId", "Kind", "ContentType", "Size", "StoredPath", "CreatedAt",
                "FileName", "DownloadAttempts", "DownloadError")
            VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10)
            """ + returning,
            [.. Enumerable.Range(0, 11).Select(i => $"@p{i}")]);
    }

    /// <summary>A new ticket with its events and attachments; sets their ids. TurnWriterTests proves every mapped column is written.</summary>
    public async Task AddTicketAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        ticket.Id = await InsertAsync(_ticket, ref _ticketOnHandle, cancellationToken,
            ticket.TrackingCode, ticket.CitizenId, ticket.CategoryId, ticket.DistrictId, ticket.Latitude, ticket.Longitude, ticket.AddressText,
            ticket.Description, (int)ticket.Status, (int)ticket.Priority, ticket.Channel, Millis(ticket.CreatedAt), Millis(ticket.UpdatedAt),
            Millis(ticket.ResolvedAt), Millis(ticket.ClosedAt), Millis(ticket.ResponseDueAt), Millis(ticket.ResolutionDueAt),
            ticket.Satisfaction, ticket.DuplicateOfId, ticket.AssigneeId, ticket.Department, ticket.SatisfactionComment,
            Millis(ticket.SurveySentAt), Millis(ticket.ProgressNoticeAt), Millis(ticket.ReminderSentAt), Millis(ticket.EscalatedAt),
            Millis(ticket.ResponseReminderAt), Millis(ticket.ResponseEscalatedAt), Millis(ticket.FirstResponseAt), (int)ticket.Kind);
        foreach (var entry in ticket.Events)
        {
            entry.TicketId = ticket.Id;
            entry.Id = await InsertAsync(_event, ref _eventOnHandle, cancellationToken,
                ticket.Id, (int)entry.Kind, entry.Author, entry.Text, (int?)entry.FromStatus, (int?)entry.ToStatus, entry.OutboxMessageId, Millis(entry.CreatedAt),
                (int)entry.ActorKind, entry.ActorId, entry.FromValue, entry.ToValue);
            foreach (var file in entry.Attachments)
            {
                file.TicketEventId = entry.Id;
            }
        }

        foreach (var file in ticket.Attachments)
        {
            file.TicketId = ticket.Id;
            file.Id = await InsertAsync(_attachment, ref _attachmentOnHandle, cancellationToken,
                ticket.Id, file.TicketEventId, file.ChannelFileId, file.Kind, file.ContentType, file.Size, file.StoredPath, Millis(file.CreatedAt),
                file.FileName, file.DownloadAttempts, file.DownloadError);
        }
    }

    /// <summary>Saves the state (UTF-8 JSON, or null when the dialog is over); false when another instance saved a turn of this conversation since it was read.</summary>
    public async Task<bool> SaveConversationAsync(long id, int version, byte[]? state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_sqlite is not null)
        {
            // SQLite takes the state's UTF-8 as it is, as text; PostgreSQL is given a string.
            cancellationToken.ThrowIfCancellationRequested();
            return OnHandle(ref _conversationOnHandle, _conversation).BindUtf8Text(0, state).Bind(1, now.ToUnixTimeMilliseconds()).Bind(2, id).Bind(3, version).Execute() == 1;
        }

        return await ExecuteAsync(_conversation, cancellationToken, state is null ? null : System.Text.Encoding.UTF8.GetString(state),
            now.ToUnixTimeMilliseconds(), id, version) == 1;
    }

    public Task SaveCitizenAsync(long id, string language, string? phone, CancellationToken cancellationToken) =>
        ExecuteAsync(_citizen, cancellationToken, language, phone, id);

    /// <summary>A reply already serialised (<see cref="ActivityJson.Serialize"/>), so the work is done before the writer's turn comes.</summary>
    public Task AddOutboxAsync(ConversationKey chat, long? citizenId, string payload, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_sqlite is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            OnHandle(ref _outboxOnHandle, _outbox).Bind(0, chat.Channel).Bind(1, chat.ChatId).Bind(2, citizenId).Bind(3, payload).Bind(4, (long)OutboxState.Pending)
                .Bind(5, now.ToUnixTimeMilliseconds()).Execute();
            return Task.CompletedTask;
        }

        return ExecuteAsync(_outbox, cancellationToken, chat.Channel, chat.ChatId, citizenId, payload, (int)OutboxState.Pending, now.ToUnixTimeMilliseconds());
    }

    /// <summary>An erased citizen's chats and row, after their tickets were unlinked in the same transaction; the turn's own update keeps only its key.</summary>
    public async Task EraseCitizenAsync(long citizenId, long inboxId, CancellationToken cancellationToken)
    {
        var connection = _conversation.Connection!;
        await using var update = PreparedSql.Create(connection, _conversation.Transaction!, """UPDATE "Inbox" SET "Payload" = '{}' WHERE "Id" = @id""", "@id");
        await ExecuteAsync(update, cancellationToken, inboxId);
        await using var conversations = PreparedSql.Create(connection, _conversation.Transaction!, """DELETE FROM "Conversations" WHERE "CitizenId" = @id""", "@id");
        await ExecuteAsync(conversations, cancellationToken, citizenId);
        await using var citizen = PreparedSql.Create(connection, _conversation.Transaction!, """DELETE FROM "Citizens" WHERE "Id" = @id""", "@id");
        await ExecuteAsync(citizen, cancellationToken, citizenId);
    }

    /// <summary>An update turned as it arrived, stored already done; null when it was stored before (a redelivery).</summary>
    public async Task<long?> StoreTurnedAsync(InboundUpdate update, string payload, string? error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_sqlite is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return OnHandle(ref _arrivedOnHandle, _arrived).Bind(0, update.Channel).Bind(1, update.UpdateId).Bind(2, update.ChatId).Bind(3, payload).Bind(4, now.ToUnixTimeMilliseconds())
                .Bind(5, error).ExecuteInsert();
        }

        var id = await _arrived.Bind(update.Channel, update.UpdateId, update.ChatId, payload, now.ToUnixTimeMilliseconds(), error).ExecuteScalarAsync(cancellationToken);
        return id is null or DBNull ? null : Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task MarkDoneAsync(long inboxId, string? error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_sqlite is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            OnHandle(ref _inboxOnHandle, _inbox).Bind(0, now.ToUnixTimeMilliseconds()).Bind(1, error).Bind(2, inboxId).Execute();
            return Task.CompletedTask;
        }

        return ExecuteAsync(_inbox, cancellationToken, now.ToUnixTimeMilliseconds(), error, inboxId);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var statement in new[] { _conversationOnHandle, _outboxOnHandle, _inboxOnHandle, _arrivedOnHandle, _ticketOnHandle, _eventOnHandle, _attachmentOnHandle })
        {
            statement?.Dispose();
        }

        foreach (var command in new[] { _conversation, _citizen, _outbox, _inbox, _arrived, _ticket, _event, _attachment })
        {
            await command.DisposeAsync();
        }
    }

    /// <summary>
    /// The command's statement on SQLite's own handle, prepared when first run: a group's turns either arrived or were
    /// queued, so each commit runs only some of them.
    /// </summary>
    private SqliteStatement OnHandle(ref SqliteStatement? statement, DbCommand command) =>
        statement ??= SqliteStatement.For(_sqlite!, command);

    private static long? Millis(DateTimeOffset? instant) => instant?.ToUnixTimeMilliseconds();

    /// <summary>A new row's id: on SQLite through its handle (<see cref="SqliteStatement.ExecuteInsert"/>), elsewhere returned by the command.</summary>
    private Task<long> InsertAsync(DbCommand command, ref SqliteStatement? statement, CancellationToken cancellationToken, params object?[] values)
    {
        if (_sqlite is null)
        {
            return ScalarAsync(command, cancellationToken, values);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var onHandle = OnHandle(ref statement, command);
        for (var i = 0; i < values.Length; i++)
        {
            onHandle.Bind(i, values[i]);
        }

        return Task.FromResult(onHandle.ExecuteInsert() ?? throw new InvalidOperationException($"Nothing was inserted by: {command.CommandText}"));
    }

    private static async Task<long> ScalarAsync(DbCommand command, CancellationToken cancellationToken, params object?[] values) =>
        Convert.ToInt64(await command.Bind(values).ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);

    private static Task<int> ExecuteAsync(DbCommand command, CancellationToken cancellationToken, params object?[] values) =>
        command.Bind(values).ExecuteNonQueryAsync(cancellationToken);
}
