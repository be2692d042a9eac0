using ChatIntake.Admin.Staff;
using ChatIntake.Staff;
using ChatIntake.Data;
using ChatIntake.Jobs;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ChatIntake.Admin.Pages;

/// <summary>The daily digest's figures for the signed-in supervisor or administrator, live.</summary>
public sealed class DigestModel(IntakeDbContext db, CurrentStaff current, DailyDigest digest, IOptions<FollowUpOptions> options, TimeProvider time) : PageModel
{
    public DigestFigures Figures { get; private set; } = new(0, 0, 0, null);

    public DateTimeOffset Now { get; private set; }

    public string SentAt => options.Value.DigestAt;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        Figures = await digest.ComputeAsync(db, await current.GetAsync(cancellationToken), Now, cancellationToken);
    }
}
