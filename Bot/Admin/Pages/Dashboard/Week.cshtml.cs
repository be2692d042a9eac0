using ChatIntake.Admin.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Statistics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ChatIntake.Admin.Pages.Dashboard;

/// <summary>The Gorgan weekly cycle for this Jalali week or a past one: collected, visited, decided, told by Thursday, and the misses.</summary>
public sealed class WeekModel(IntakeDbContext db, CurrentStaff current, AdminText texts, CsvExport csv, WeeklyCycle cycle, IOptions<AdminOptions> options, TimeProvider time)
    : StatisticsPage(db, current, texts, csv, time)
{
    /// <summary>Any day of the week wanted (Jalali or Gregorian); empty for this week.</summary>
    [BindProperty(SupportsGet = true)] public string? Week { get; set; }

    /// <summary>The page of the week's tickets shown (the queue's page size): a city's week is thousands of rows; the figures count them all.</summary>
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public WeeklyCycleReport Report { get; private set; } = null!;

    public int PageCount { get; private set; } = 1;

    /// <summary>This page's rows: the misses first, then by when they were received.</summary>
    public IReadOnlyList<WeeklyCycleRow> PageRows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return await CsvAsync("weekly-cycle", [
            CsvColumn<WeeklyCycleRow>.Of(Texts["dash.code"], r => Texts.Code(r.TrackingCode)),
            CsvColumn<WeeklyCycleRow>.Of(Texts["queue.category"], r => CategoryName(r.CategoryId)),
            CsvColumn<WeeklyCycleRow>.Of(Texts["queue.district"], r => DistrictName(r.DistrictId)),
            CsvColumn<WeeklyCycleRow>.Date(Texts["week.received"], r => r.CreatedAt),
            CsvColumn<WeeklyCycleRow>.Date(Texts["week.visited"], r => r.VisitedAt),
            CsvColumn<WeeklyCycleRow>.Date(Texts["week.decided"], r => r.DecidedAt),
            CsvColumn<WeeklyCycleRow>.Date(Texts["week.notified"], r => r.NotifiedAt),
            CsvColumn<WeeklyCycleRow>.Of(Texts["week.misses"], r => r.Missed ? 1 : 0),
        ], Report.Rows, cancellationToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken);
        var zone = Texts.Zone;
        var day = TimeZoneInfo.ConvertTime(Now, zone).Date;
        if (!string.IsNullOrWhiteSpace(Week))
        {
            if (DateInput.TryParse(Week, zone, out var chosen))
            {
                day = TimeZoneInfo.ConvertTime(chosen, zone).Date;
            }
            else
            {
                Warnings.Add(Texts.Format("queue.badDate", Week, Texts["queue.date.hint"]));
            }
        }

        Report = await cycle.ReportAsync(Scope, day, Now, cancellationToken);
        var size = options.Value.PageSize;
        PageCount = Math.Max(1, (Report.Rows.Count + size - 1) / size);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        PageRows = [.. Report.Rows.OrderByDescending(r => r.Missed).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id).Skip((PageNumber - 1) * size).Take(size)];
    }

    public string PageLink(int page) => Link("/admin/dashboard/week", ("p", page.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public string WeekLink(int weeks) =>
        Link("/admin/dashboard/week", ("week", Report.Saturday.AddDays(7 * weeks).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("p", null));
}
