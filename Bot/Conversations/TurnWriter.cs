using System.Data.Common;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Outbox;
using ChatIntake.Tickets;

namespace ChatIntake.Conversations;

/// <summary>
/// The few statements every turn writes, prepared once per commit and run for each turn: on the hot path these
/// cost a fraction of tracking the same rows as entities. On SQLite they go straight to its handle
/// (<see cref="SqliteStatement"/>), with the commands' text and parameter names, and new rows' ids are read from the connection.
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
    private readonly RowInsert _tickets;
    private readonly RowInsert _events;
    private readonly RowInsert _attachments;

    public TurnWriter(DbConnection connection, DbTransaction transaction)
    {
        _sqlite = connection as Microsoft.Data.Sqlite.SqliteConnection;
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
            """ + ReturningId(connection),
            "@channel", "@update", "@chat", "@payload", "@now", "@error");
        _tickets = new RowInsert(connection, transaction, "Tickets", TicketColumns);
        _events = new RowInsert(connection, transaction, "TicketEvents", EventColumns);
        _attachments = new RowInsert(connection, transaction, "Attachments", AttachmentColumns);
    }

    /// <summary>
    /// New tickets with their events and attachments; sets their ids. On SQLite tickets and events go
    /// <see cref="RowsPerStatement"/> to a statement: the tickets' two triggers make SQLite keep a journal of every page a
    /// statement touches, so that it can be undone alone, and one statement a ticket copied its sixteen index pages each time
    /// (28 against 12 µs a ticket in C on a benchmark database). TurnWriterTests proves every mapped column is written.
    /// </summary>
    public async Task AddTicketsAsync(IReadOnlyList<Ticket> tickets, CancellationToken cancellationToken)
    {
        await _tickets.AllAsync(tickets, TicketValues, (ticket, id) => ticket.Id = id, cancellationToken);
        var events = new List<TicketEvent>(tickets.Count);
        var files = new List<Attachment>();
        foreach (var ticket in tickets)
        {
            foreach (var entry in ticket.Events)
            {
                entry.TicketId = ticket.Id;
                events.Add(entry);
            }

            foreach (var file in ticket.Attachments)
            {
                file.TicketId = ticket.Id;
                files.Add(file);
            }
        }

        await _events.AllAsync(events, EventValues, (entry, id) => entry.Id = id, cancellationToken);
        foreach (var entry in events)
        {
            foreach (var file in entry.Attachments)
            {
                file.TicketEventId = entry.Id;
            }
        }

        await _attachments.AllAsync(files, AttachmentValues, (file, id) => file.Id = id, cancellationToken);
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
        foreach (var statement in new[] { _conversationOnHandle, _outboxOnHandle, _inboxOnHandle, _arrivedOnHandle })
        {
            statement?.Dispose();
        }

        foreach (var command in new[] { _conversation, _citizen, _outbox, _inbox, _arrived })
        {
            await command.DisposeAsync();
        }

        foreach (var insert in new[] { _tickets, _events, _attachments })
        {
            await insert.DisposeAsync();
        }
    }

    /// <summary>
    /// The command's statement on SQLite's own handle, prepared when first run: a group's turns either arrived or were
    /// queued, so each commit runs only some of them.
    /// </summary>
    private SqliteStatement OnHandle(ref SqliteStatement? statement, DbCommand command) =>
        statement ??= SqliteStatement.For(_sqlite!, command);

    private static long? Millis(DateTimeOffset? instant) => instant?.ToUnixTimeMilliseconds();

    /// <summary>Rows of a new ticket or event written in one statement on SQLite (<see cref="AddTicketsAsync"/>).</summary>
    internal const int RowsPerStatement = 16;

    private const string TicketColumns = """
        "TrackingCode", "CitizenId", "CategoryId", "DistrictId", "Latitude", "Longitude", "AddressText",
        "Description", "Status", "Priority", "Channel", "CreatedAt", "UpdatedAt", "ResolvedAt", "ClosedAt", "ResponseDueAt",
        "ResolutionDueAt", "Satisfaction", "DuplicateOfId", "AssigneeId", "Department", "SatisfactionComment", "SurveySentAt",
        "ProgressNoticeAt", "ReminderSentAt", "EscalatedAt", "ResponseReminderAt", "ResponseEscalatedAt", "FirstResponseAt", "Kind"
        """;

    private const string EventColumns = """
        "TicketId", "Kind", "Author", "Text", "FromStatus", "ToStatus", "OutboxMessageId", "CreatedAt", "ActorKind", "ActorId", "FromValue", "ToValue"
        """;

    private const string AttachmentColumns = """
        "TicketId", "TicketEventId", "ChannelFileId", "Kind", "ContentType", "Size", "StoredPath", "CreatedAt", "FileName", "DownloadAttempts", "DownloadError"
        """;

    private static object?[] TicketValues(Ticket ticket) =>
    [
        ticket.TrackingCode, ticket.CitizenId, ticket.CategoryId, ticket.DistrictId, ticket.Latitude, ticket.Longitude, ticket.AddressText,
        ticket.Description, (int)ticket.Status, (int)ticket.Priority, ticket.Channel, Millis(ticket.CreatedAt), Millis(ticket.UpdatedAt),
        Millis(ticket.ResolvedAt), Millis(ticket.ClosedAt), Millis(ticket.ResponseDueAt), Millis(ticket.ResolutionDueAt),
        ticket.Satisfaction, ticket.DuplicateOfId, ticket.AssigneeId, ticket.Department, ticket.SatisfactionComment,
        Millis(ticket.SurveySentAt), Millis(ticket.ProgressNoticeAt), Millis(ticket.ReminderSentAt), Millis(ticket.EscalatedAt),
        Millis(ticket.ResponseReminderAt), Millis(ticket.ResponseEscalatedAt), Millis(ticket.FirstResponseAt), (int)ticket.Kind,
    ];

    private static object?[] EventValues(TicketEvent entry) =>
    [
        entry.TicketId, (int)entry.Kind, entry.Author, entry.Text, (int?)entry.FromStatus, (int?)entry.ToStatus, entry.OutboxMessageId, Millis(entry.CreatedAt),
        (int)entry.ActorKind, entry.ActorId, entry.FromValue, entry.ToValue,
    ];

    /// <summary>How an insert gives its new row's id: on SQLite it is read from the connection (<see cref="SqliteStatement.ExecuteInsert"/>), elsewhere returned.</summary>
    private static string ReturningId(DbConnection connection) =>
        connection is Microsoft.Data.Sqlite.SqliteConnection ? string.Empty : "\nRETURNING \"Id\"";

    private static object?[] AttachmentValues(Attachment file) =>
    [
        file.TicketId, file.TicketEventId, file.ChannelFileId, file.Kind, file.ContentType, file.Size, file.StoredPath, Millis(file.CreatedAt),
        file.FileName, file.DownloadAttempts, file.DownloadError,
    ];

    /// <summary>
    /// New rows of one table with their ids: on SQLite <see cref="RowsPerStatement"/> to a statement and the rest one by one on
    /// its handle, each id read from the connection (<see cref="SqliteStatement.ExecuteInsert"/>); elsewhere one by one,
    /// each id returned by the command.
    /// </summary>
    private sealed class RowInsert : IAsyncDisposable
    {
        private readonly Microsoft.Data.Sqlite.SqliteConnection? _sqlite;
        private readonly DbCommand _one;
        private readonly string _table;
        private readonly string _columns;
        private readonly int _width;
        private SqliteStatement? _oneOnHandle;
        private SqliteStatement? _manyOnHandle;

        public RowInsert(DbConnection connection, DbTransaction transaction, string table, string columns)
        {
            _sqlite = connection as Microsoft.Data.Sqlite.SqliteConnection;
            (_table, _columns, _width) = (table, columns, columns.Count(c => c == ',') + 1);
            var names = Enumerable.Range(0, _width).Select(i => $"@p{i}").ToArray();
            _one = PreparedSql.Create(connection, transaction,
                $"""INSERT INTO "{table}" ({columns}) VALUES ({string.Join(", ", names)}){ReturningId(connection)}""", names);
        }

        public async Task AllAsync<T>(IReadOnlyList<T> rows, Func<T, object?[]> values, Action<T, long> setId, CancellationToken cancellationToken)
        {
            var many = _sqlite is null ? 0 : rows.Count - rows.Count % RowsPerStatement;
            for (var start = 0; start < many; start += RowsPerStatement)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var first = Many(rows, start, values);
                for (var i = 0; i < RowsPerStatement; i++)
                {
                    setId(rows[start + i], first + i);
                }
            }

            for (var i = many; i < rows.Count; i++)
            {
                setId(rows[i], await OneAsync(values(rows[i]), cancellationToken));
            }
        }

        public async ValueTask DisposeAsync()
        {
            _oneOnHandle?.Dispose();
            _manyOnHandle?.Dispose();
            await _one.DisposeAsync();
        }

        /// <summary><see cref="RowsPerStatement"/> rows from <paramref name="start"/> in one statement; the first one's id (the rest follow it).</summary>
        private long Many<T>(IReadOnlyList<T> rows, int start, Func<T, object?[]> values)
        {
            _manyOnHandle ??= SqliteStatement.Positional(_sqlite!,
                $"""INSERT INTO "{_table}" ({_columns}) VALUES {string.Join(", ", Enumerable.Repeat($"({string.Join(", ", Enumerable.Repeat("?", _width))})", RowsPerStatement))}""");
            for (var row = 0; row < RowsPerStatement; row++)
            {
                var rowValues = values(rows[start + row]);
                for (var column = 0; column < _width; column++)
                {
                    _manyOnHandle.Bind(row * _width + column, rowValues[column]);
                }
            }

            return _manyOnHandle.ExecuteInsertRows(RowsPerStatement);
        }

        private async Task<long> OneAsync(object?[] values, CancellationToken cancellationToken)
        {
            if (_sqlite is null)
            {
                return await ScalarAsync(_one, cancellationToken, values);
            }

            cancellationToken.ThrowIfCancellationRequested();
            _oneOnHandle ??= SqliteStatement.For(_sqlite, _one);
            for (var i = 0; i < values.Length; i++)
            {
                _oneOnHandle.Bind(i, values[i]);
            }

            return _oneOnHandle.ExecuteInsert() ?? throw new InvalidOperationException($"Nothing was inserted by: {_one.CommandText}");
        }
    }

    private static async Task<long> ScalarAsync(DbCommand command, CancellationToken cancellationToken, params object?[] values) =>
        Convert.ToInt64(await command.Bind(values).ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);

    private static Task<int> ExecuteAsync(DbCommand command, CancellationToken cancellationToken, params object?[] values) =>
        command.Bind(values).ExecuteNonQueryAsync(cancellationToken);
}
