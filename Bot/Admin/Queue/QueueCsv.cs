using System.Globalization;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Tickets;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin.Queue;

/// <summary>
/// A filtered queue as CSV: UTF-8 with a BOM (so Excel shows Persian), Jalali and ISO 8601 times side by side, cells
/// that a spreadsheet would run as a formula neutralised. Rows are read and written one at a time and flushed as they
/// go, so a million rows take no more memory than ten.
/// </summary>
public sealed class QueueCsv(ILogger<QueueCsv> logger)
{
    private const int FlushEvery = 1000;
    private static readonly PersianCalendar Jalali = new();

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
        var zone = texts.Zone;
        var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => fa ? c.NameFa : c.NameEn, cancellationToken);
        var districts = await db.Districts.AsNoTracking().ToDictionaryAsync(d => d.Id, d => fa ? d.NameFa : d.NameEn, cancellationToken);
        var departments = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Department, cancellationToken);
        var staff = await db.Staff.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.DisplayName, cancellationToken);
        var agencies = await db.OutsideAgencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => fa ? a.NameFa : a.NameEn, cancellationToken);

        var stamp = now.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"queue-{stamp}.csv\"";
        await using var csv = CsvWriter.Create(http.Response.Body, Options, leaveOpen: true);
        foreach (var header in Headers)
        {
            csv.WriteField(header);
        }

        await csv.EndRecordAsync(cancellationToken);
        await csv.FlushAsync(cancellationToken);

        var rows = 0L;
        var rowsQuery = ordered.Select(t => new
        {
            t.TrackingCode, t.Status, t.Kind, t.Priority, t.CategoryId, t.Department, t.DistrictId, t.AssigneeId, t.Channel, t.CreatedAt, t.UpdatedAt,
            t.ResponseDueAt, t.ResolutionDueAt, t.FirstResponseAt, t.ResolvedAt, t.ClosedAt, t.Satisfaction, t.AgencyId, t.AddressText, t.Description,
        });
        await foreach (var t in rowsQuery.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            Interlocked.Increment(ref _rowsRead);
            csv.WriteField(TrackingCode.Format(t.TrackingCode));
            csv.WriteField(t.Status.ToString());
            csv.WriteField(t.Kind.ToString());
            csv.WriteField(t.Priority.ToString());
            csv.WriteField(categories.GetValueOrDefault(t.CategoryId) ?? string.Empty);
            csv.WriteField(t.Department ?? departments.GetValueOrDefault(t.CategoryId) ?? string.Empty);
            csv.WriteField((t.DistrictId is { } d ? districts.GetValueOrDefault(d) : null) ?? string.Empty);
            csv.WriteField((t.AssigneeId is { } a ? staff.GetValueOrDefault(a) : null) ?? string.Empty);
            csv.WriteField(t.Channel);
            WriteTime(csv, t.CreatedAt, zone);
            WriteTime(csv, t.UpdatedAt, zone);
            WriteTime(csv, t.ResponseDueAt, zone);
            WriteTime(csv, t.ResolutionDueAt, zone);
            WriteTime(csv, t.FirstResponseAt, zone);
            WriteTime(csv, t.ResolvedAt, zone);
            WriteTime(csv, t.ClosedAt, zone);
            csv.WriteField(t.Satisfaction?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
            csv.WriteField((t.AgencyId is { } g ? agencies.GetValueOrDefault(g) : null) ?? string.Empty);
            csv.WriteField(t.AddressText ?? string.Empty);
            csv.WriteField(t.Description);
            await csv.EndRecordAsync(cancellationToken);
            if (++rows % FlushEvery == 0)
            {
                await csv.FlushAsync(cancellationToken);
            }
        }

        await csv.FlushAsync(cancellationToken);
        logger.LogInformation("Exported {Rows} tickets as CSV", rows);
    }

    /// <summary>RFC 4180 with a BOM; text cells starting with = + - @ (or a tab or CR) get a leading ' and quotes, so a spreadsheet shows them as text.</summary>
    public static readonly CsvWriterOptions Options = new() { WriteByteOrderMark = true, Injection = CsvInjection.Escape };

    private static readonly string[] Headers =
    [
        "code", "status", "kind", "priority", "category", "department", "district", "assignee", "channel",
        "created_jalali", "created_iso", "updated_jalali", "updated_iso", "response_due_jalali", "response_due_iso",
        "resolution_due_jalali", "resolution_due_iso", "first_response_jalali", "first_response_iso",
        "resolved_jalali", "resolved_iso", "closed_jalali", "closed_iso", "satisfaction", "agency", "address", "description",
    ];

    /// <summary>The local Jalali time (ASCII digits, so spreadsheets can sort it) beside the ISO 8601 instant with its offset.</summary>
    private static void WriteTime(CsvWriter csv, DateTimeOffset? instant, TimeZoneInfo zone)
    {
        if (instant is not { } at)
        {
            csv.WriteField(string.Empty);
            csv.WriteField(string.Empty);
            return;
        }

        var local = TimeZoneInfo.ConvertTime(at, zone);
        var day = local.DateTime;
        csv.WriteField(string.Create(CultureInfo.InvariantCulture,
            $"{Jalali.GetYear(day):0000}/{Jalali.GetMonth(day):00}/{Jalali.GetDayOfMonth(day):00} {day.Hour:00}:{day.Minute:00}"));
        csv.WriteField(local.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
    }

    private sealed class CsvResult(QueueCsv owner, IQueryable<Ticket> ordered, DateTimeOffset now) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => owner.WriteAsync(context.HttpContext, ordered, now);
    }
}
