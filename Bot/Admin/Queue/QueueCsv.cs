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
        CsvColumn<QueueLine>[] columns =
        [
            CsvColumn<QueueLine>.Text("code", t => TrackingCode.Format(t.TrackingCode)),
            CsvColumn<QueueLine>.Text("status", t => t.Status.ToString()),
            CsvColumn<QueueLine>.Text("kind", t => t.Kind.ToString()),
            CsvColumn<QueueLine>.Text("priority", t => t.Priority.ToString()),
            CsvColumn<QueueLine>.Text("category", t => categories.GetValueOrDefault(t.CategoryId)),
            CsvColumn<QueueLine>.Text("department", t => t.Department ?? departments.GetValueOrDefault(t.CategoryId)),
            CsvColumn<QueueLine>.Text("district", t => t.DistrictId is { } d ? districts.GetValueOrDefault(d) : null),
            CsvColumn<QueueLine>.Text("assignee", t => t.AssigneeId is { } a ? staff.GetValueOrDefault(a) : null),
            CsvColumn<QueueLine>.Text("channel", t => t.Channel),
            CsvColumn<QueueLine>.Date("created", t => t.CreatedAt),
            CsvColumn<QueueLine>.Date("updated", t => t.UpdatedAt),
            CsvColumn<QueueLine>.Date("response_due", t => t.ResponseDueAt),
            CsvColumn<QueueLine>.Date("resolution_due", t => t.ResolutionDueAt),
            CsvColumn<QueueLine>.Date("first_response", t => t.FirstResponseAt),
            CsvColumn<QueueLine>.Date("resolved", t => t.ResolvedAt),
            CsvColumn<QueueLine>.Date("closed", t => t.ClosedAt),
            CsvColumn<QueueLine>.Number("satisfaction", t => t.Satisfaction),
            CsvColumn<QueueLine>.Text("agency", t => t.AgencyId is { } g ? agencies.GetValueOrDefault(g) : null),
            CsvColumn<QueueLine>.Text("address", t => t.AddressText),
            CsvColumn<QueueLine>.Text("description", t => t.Description),
        ];
        var lines = ordered.Select(t => new QueueLine(t.TrackingCode, t.Status, t.Kind, t.Priority, t.CategoryId, t.Department, t.DistrictId, t.AssigneeId,
            t.Channel, t.CreatedAt, t.UpdatedAt, t.ResponseDueAt, t.ResolutionDueAt, t.FirstResponseAt, t.ResolvedAt, t.ClosedAt, t.Satisfaction,
            t.AgencyId, t.AddressText, t.Description));
        var exported = new StrongBox<long>();
        await export.WriteAsync(http.Response.Body, columns, Counted(lines.AsAsyncEnumerable(), exported), cancellationToken, jalaliSuffix: "_jalali", isoSuffix: "_iso");
        logger.LogInformation("Exported {Rows} tickets as CSV", exported.Value);
    }

    private async IAsyncEnumerable<QueueLine> Counted(IAsyncEnumerable<QueueLine> lines, StrongBox<long> exported)
    {
        await foreach (var line in lines)
        {
            Interlocked.Increment(ref _rowsRead);
            exported.Value++;
            yield return line;
        }
    }

    private sealed record QueueLine(string TrackingCode, TicketStatus Status, TicketKind Kind, TicketPriority Priority, int CategoryId, string? Department,
        int? DistrictId, long? AssigneeId, string Channel, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ResponseDueAt,
        DateTimeOffset? ResolutionDueAt, DateTimeOffset? FirstResponseAt, DateTimeOffset? ResolvedAt, DateTimeOffset? ClosedAt, int? Satisfaction,
        int? AgencyId, string? AddressText, string Description);

    private sealed class CsvResult(QueueCsv owner, IQueryable<Ticket> ordered, DateTimeOffset now) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => owner.WriteAsync(context.HttpContext, ordered, now);
    }
}
