using ChatIntake.Jobs;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChatIntake.Admin.Pages.Settings;

/// <summary>The scheduled jobs: what fires next and what failed (Quartz has no dashboard on our feed).</summary>
public sealed class JobsModel(ScheduleReport report) : PageModel
{
    public IReadOnlyList<ScheduledJob> Jobs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Jobs = await report.ListAsync(cancellationToken);
}
