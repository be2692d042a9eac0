using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Globalization;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Tickets;
using ChatIntake.Statistics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin.Queue;

/// <summary>
/// A filtered queue as CSV: UTF-8 with a BOM (so Excel shows Persian), Jalali and ISO 8601 times side by side, cells
/// that a spreadsheet would run as a formula neutralised. Rows are read and written one at a time and flushed as they
/// go, so a million rows take no more memory than ten.
/// </summary>
public sealed class QueueCsv(CsvExport export, ILogger<QueueCsv> logger)
{

    private long _rowsRead;

    /// <summary>Rows read from the database by every export so far: lets a test see that writing starts before reading ends.</summary>
    public long RowsRead => Interlocked.Read(ref _rowsRead);

    public IActionResult Result(IQueryable<Ticket> ordered, DateTimeOffset now) => new CsvResult(this, ordered, now);

    private async Task WriteAsync(HttpContext http, IQueryable<Ticket> ordered, DateTimeOffset now)
    {
        var cancellationToken = http.RequestAborted;
        var services = http.RequestServices;
        var db = services.GetRequiredService<IntakeDbContext>();
        var texts = services.GetRequiredService<AdminText>();
        var fa = texts.IsPersian;
        var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => fa ? c.NameFa : c.NameEn, cancellationToken);
        var districts = await db.Districts.AsNoTracking().ToDictionaryAsync(d => d.Id, d => fa ? d.NameFa : d.NameEn, cancellationToken);
        var departments = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Department, cancellationToken);
        var staff = await db.Staff.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.DisplayName, cancellationToken);
        var agencies = await db.OutsideAgencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => fa ? a.NameFa : a.NameEn, cancellationToken);

        var stamp = now.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        http.Response.ContentType = CsvExport.ContentType;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"queue-{stamp}.csv\"";
        CsvColumn<DbDataReader>[] columns =
        [
            CsvColumn<DbDataReader>.Text("code", r => TrackingCode.Format(r.GetString(Code))),
            CsvColumn<DbDataReader>.Text("status", r => ((TicketStatus)r.GetInt32(Status)).ToString()),
            CsvColumn<DbDataReader>.Text("kind", r => ((TicketKind)r.GetInt32(Kind)).ToString()),
            CsvColumn<DbDataReader>.Text("priority", r => ((TicketPriority)r.GetInt32(Priority)).ToString()),
            CsvColumn<DbDataReader>.Text("category", r => categories.GetValueOrDefault(r.GetInt32(CategoryId))),
            CsvColumn<DbDataReader>.Text("department", r => r.IsDBNull(Department) ? departments.GetValueOrDefault(r.GetInt32(CategoryId)) : r.GetString(Department)),
            CsvColumn<DbDataReader>.Text("district", r => r.IsDBNull(DistrictId) ? null : districts.GetValueOrDefault(r.GetInt32(DistrictId))),
            CsvColumn<DbDataReader>.Text("assignee", r => r.IsDBNull(AssigneeId) ? null : staff.GetValueOrDefault(r.GetInt64(AssigneeId))),
            CsvColumn<DbDataReader>.Text("channel", r => r.GetString(Channel)),
            CsvColumn<DbDataReader>.Date("created", r => Instant(r, CreatedAt)),
            CsvColumn<DbDataReader>.Date("updated", r => Instant(r, UpdatedAt)),
            CsvColumn<DbDataReader>.Date("response_due", r => Instant(r, ResponseDueAt)),
            CsvColumn<DbDataReader>.Date("resolution_due", r => Instant(r, ResolutionDueAt)),
            CsvColumn<DbDataReader>.Date("first_response", r => Instant(r, FirstResponseAt)),
            CsvColumn<DbDataReader>.Date("resolved", r => Instant(r, ResolvedAt)),
            CsvColumn<DbDataReader>.Date("closed", r => Instant(r, ClosedAt)),
            CsvColumn<DbDataReader>.Number("satisfaction", r => r.IsDBNull(Satisfaction) ? null : r.GetInt32(Satisfaction)),
            CsvColumn<DbDataReader>.Text("agency", r => r.IsDBNull(AgencyId) ? null : agencies.GetValueOrDefault(r.GetInt32(AgencyId))),
            CsvColumn<DbDataReader>.Text("address", r => r.IsDBNull(AddressText) ? null : r.GetString(AddressText)),
            CsvColumn<DbDataReader>.Text("description", r => r.GetString(Description)),
        ];

        // EF builds the filtered, ordered SELECT of exactly these columns; its reader is read by hand, a row at a time
        // (materialising a million objects through EF cost more than the rest of the export together).
        var lines = ordered.Select(t => new
        {
            t.TrackingCode, t.Status, t.Kind, t.Priority, t.CategoryId, t.Department, t.DistrictId, t.AssigneeId, t.Channel, t.CreatedAt, t.UpdatedAt,
            t.ResponseDueAt, t.ResolutionDueAt, t.FirstResponseAt, t.ResolvedAt, t.ClosedAt, t.Satisfaction, t.AgencyId, t.AddressText, t.Description,
        });
        var exported = new StrongBox<long>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = lines.CreateDbCommand();
            await export.WriteAsync(http.Response.Body, columns, RowsAsync(command, exported, cancellationToken), cancellationToken, jalaliSuffix: "_jalali", isoSuffix: "_iso");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        logger.LogInformation("Exported {Rows} tickets as CSV", exported.Value);
    }

    /// <summary>The columns of the SELECT above, in its order; checked against the reader's names before the first row.</summary>
    private static readonly string[] Selected =
    [
        nameof(Ticket.TrackingCode), nameof(Ticket.Status), nameof(Ticket.Kind), nameof(Ticket.Priority), nameof(Ticket.CategoryId), nameof(Ticket.Department),
        nameof(Ticket.DistrictId), nameof(Ticket.AssigneeId), nameof(Ticket.Channel), nameof(Ticket.CreatedAt), nameof(Ticket.UpdatedAt), nameof(Ticket.ResponseDueAt),
        nameof(Ticket.ResolutionDueAt), nameof(Ticket.FirstResponseAt), nameof(Ticket.ResolvedAt), nameof(Ticket.ClosedAt), nameof(Ticket.Satisfaction),
        nameof(Ticket.AgencyId), nameof(Ticket.AddressText), nameof(Ticket.Description),
    ];

    private const int Code = 0, Status = 1, Kind = 2, Priority = 3, CategoryId = 4, Department = 5, DistrictId = 6, AssigneeId = 7, Channel = 8, CreatedAt = 9,
        UpdatedAt = 10, ResponseDueAt = 11, ResolutionDueAt = 12, FirstResponseAt = 13, ResolvedAt = 14, ClosedAt = 15, Satisfaction = 16, AgencyId = 17,
        AddressText = 18, Description = 19;

    /// <summary>Times are stored as Unix milliseconds on both providers (IntakeDbContext's UnixMillisecondsConverter).</summary>
    private static DateTimeOffset? Instant(DbDataReader row, int column) =>
        row.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(column));

    /// <summary>The same reader once per row, positioned on it: nothing is allocated per row but the row's strings.</summary>
    private async IAsyncEnumerable<DbDataReader> RowsAsync(DbCommand command, StrongBox<long> exported, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        if (!names.SequenceEqual(Selected))
        {
            throw new InvalidOperationException($"The export's SELECT reads {string.Join(", ", names)}, not {string.Join(", ", Selected)}");
        }

        while (await reader.ReadAsync(cancellationToken))
        {
            Interlocked.Increment(ref _rowsRead);
            exported.Value++;
            yield return reader;
        }
    }

    private sealed class CsvResult(QueueCsv owner, IQueryable<Ticket> ordered, DateTimeOffset now) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => owner.WriteAsync(context.HttpContext, ordered, now);
    }
}
