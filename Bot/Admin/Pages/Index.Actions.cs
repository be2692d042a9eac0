using System.Globalization;
using ChatIntake.Admin.Queue;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Staff;
using ChatIntake.Tickets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin.Pages;

/// <summary>The queue's views (built in, own and shared), the triage counts, "next ticket in this view" and bulk actions.</summary>
public sealed partial class IndexModel
{
    private const int MaxBulk = 200;
    private const int MaxViews = 50;

    public StaffMember Me { get; private set; } = null!;

    /// <summary>This staff member's own views and everyone's shared ones.</summary>
    public IReadOnlyList<SavedView> SavedViews { get; private set; } = [];

    /// <summary>The filter in use, canonical (what a saved view stores and the ticket links carry).</summary>
    public string CurrentQuery => SavedViewQuery.Canonical(Request.QueryString.Value);

    /// <summary>In the triage view: how many open tickets lack a district, an assignee, or wait for sign-off.</summary>
    public (int District, int Assignee, int SignOff)? TriageCounts { get; private set; }

    /// <summary>Supervisors and administrators may share a view with everyone.</summary>
    public bool MayShare => Me.Role is StaffRole.Supervisor or StaffRole.Administrator;

    /// <summary>A ticket's page, remembering this view for its "next ticket" link.</summary>
    public string TicketLink(long id) => $"/admin/tickets/{id}" + (CurrentQuery is { Length: > 0 } view ? "?in=" + Uri.EscapeDataString(view) : string.Empty);

    public static string ViewLink(string query) => "/admin" + (query.Length > 0 ? "?" + query : string.Empty);

    private async Task LoadViewsAsync(StaffMember staff, IQueryable<Ticket> scoped, CancellationToken cancellationToken)
    {
        SavedViews = await db.SavedViews.AsNoTracking().Where(v => v.OwnerId == staff.Id || v.Shared)
            .OrderBy(v => v.Shared).ThenBy(v => v.Name).Take(MaxViews).ToListAsync(cancellationToken);
        if (!string.IsNullOrEmpty(Triage))
        {
            var open = scoped.WhereOpen();
            TriageCounts = (
                await open.CountAsync(t => t.DistrictId == null, cancellationToken),
                await open.CountAsync(t => t.AssigneeId == null, cancellationToken),
                await scoped.CountAsync(t => t.SignOffRequestedAt != null, cancellationToken));
        }
    }

    /// <summary>The ticket after <paramref name="after"/> in this view's order; when it has left the view (worked on), the view's first.</summary>
    public async Task<IActionResult> OnGetNextAsync(long after, CancellationToken cancellationToken)
    {
        var staff = await current.GetAsync(cancellationToken);
        Now = time.GetUtcNow();
        var ids = await Order(Filter(db.Tickets.AsNoTracking().VisibleTo(staff), staff), backwards: false).Select(t => t.Id).Take(5000).ToListAsync(cancellationToken);
        var at = ids.IndexOf(after);
        var next = at >= 0 ? ids.Skip(at + 1).FirstOrDefault() : ids.FirstOrDefault(id => id != after);
        var view = CurrentQuery;
        if (next == 0)
        {
            TempData["Flash"] = texts["queue.viewDone"];
            return Redirect(ViewLink(view));
        }

        return Redirect($"/admin/tickets/{next}" + (view.Length > 0 ? "?in=" + Uri.EscapeDataString(view) : string.Empty));
    }

    public async Task<IActionResult> OnPostSaveViewAsync(string? name, bool shared, string? query, CancellationToken cancellationToken)
    {
        var staff = await current.GetAsync(cancellationToken);
        var cleanName = PersianText.Clean(name);
        var canonical = SavedViewQuery.Canonical(query);
        if (cleanName.Length is 0 or > 100)
        {
            TempData["Flash"] = texts["view.nameRequired"];
            return Redirect(ViewLink(canonical));
        }

        if (await db.SavedViews.CountAsync(v => v.OwnerId == staff.Id, cancellationToken) >= MaxViews)
        {
            TempData["Flash"] = texts.Format("view.tooMany", MaxViews);
            return Redirect(ViewLink(canonical));
        }

        Me = staff;
        db.SavedViews.Add(new SavedView { OwnerId = staff.Id, Name = cleanName, Query = canonical, Shared = shared && MayShare, CreatedAt = time.GetUtcNow() });
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        TempData["Flash"] = texts.Format("view.saved", cleanName);
        return Redirect(ViewLink(canonical));
    }

    /// <summary>Deletes one of the staff member's own views (an administrator may also delete a shared one).</summary>
    public async Task<IActionResult> OnPostDeleteViewAsync(long view, CancellationToken cancellationToken)
    {
        var staff = await current.GetAsync(cancellationToken);
        var found = await db.SavedViews.FirstOrDefaultAsync(v => v.Id == view && (v.OwnerId == staff.Id || (v.Shared && staff.Role == StaffRole.Administrator)), cancellationToken);
        if (found is null)
        {
            return NotFound();
        }

        db.SavedViews.Remove(found);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        TempData["Flash"] = texts.Format("view.deleted", found.Name);
        return Redirect("/admin");
    }

    /// <summary>
    /// One action on the selected tickets, each through the workflow and checked against the staff member's scope on its
    /// own; one refused does not stop the rest, and the summary names what was done and what was refused, and why.
    /// </summary>
    public async Task<IActionResult> OnPostBulkAsync(long[]? ids, string? bulk, string? assignee, string? department, int? district, TicketStatus? status, string? reason,
        string? returnUrl, CancellationToken cancellationToken)
    {
        var staff = await current.GetAsync(cancellationToken);
        Me = staff;
        var back = returnUrl is { } url && url.StartsWith("/admin", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal) ? url : "/admin";
        var chosen = (ids ?? []).Distinct().Take(MaxBulk).ToList();
        if (chosen.Count == 0 || bulk is not ("assign" or "refer" or "status"))
        {
            TempData["Flash"] = texts[chosen.Count == 0 ? "bulk.noneSelected" : "error.badChoice"];
            return Redirect(back);
        }

        var done = new List<string>();
        var refused = new List<string>();
        var departments = (await db.Categories.AsNoTracking().Select(c => c.Department).Distinct().ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var toDistrict = district is { } d ? await db.Districts.AsNoTracking().FirstOrDefaultAsync(x => x.Id == d, cancellationToken) : null;
        var toDepartment = string.IsNullOrWhiteSpace(department) ? null : department.Trim();
        var (known, person) = bulk == "assign" ? await Assignment.ResolveAsync(db, staff, assignee, cancellationToken) : (true, null);
        var words = PersianText.Clean(reason);
        foreach (var id in chosen)
        {
            var now = time.GetUtcNow();
            var ticket = await db.Tickets.VisibleTo(staff).Include(t => t.Citizen).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
            if (ticket is null)
            {
                refused.Add(texts.Format("bulk.refusedOne", "#" + id.ToString(CultureInfo.InvariantCulture), texts["bulk.notInScope"]));
                continue;
            }

            var code = TrackingCode.Format(ticket.TrackingCode);
            try
            {
                var problem = await BulkOneAsync(ticket, staff, bulk, known, person, toDepartment, departments, district, toDistrict, status, words, now, cancellationToken);
                if (problem is null)
                {
                    done.Add(code);
                }
                else
                {
                    refused.Add(texts.Format("bulk.refusedOne", code, problem));
                }
            }
            catch (TicketRefusedException refusal)
            {
                refused.Add(texts.Format("bulk.refusedOne", code, RefusalText.Of(texts, refusal)));
            }

            db.ChangeTracker.Clear();
        }

        TempData["Flash"] = texts.Format("bulk.summary", texts.Number(done.Count), done.Count == 0 ? "—" : string.Join("، ", done), texts.Number(refused.Count))
                            + (refused.Count == 0 ? string.Empty : " " + string.Join(" · ", refused));
        return Redirect(back);
    }

    /// <summary>One ticket of a bulk action; a refusal in the panel's words, or null when it was done (or already so).</summary>
    private async Task<string?> BulkOneAsync(Ticket ticket, StaffMember staff, string bulk, bool known, StaffMember? person, string? toDepartment, HashSet<string> departments,
        int? district, District? toDistrict, TicketStatus? status, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var by = TicketActor.Staff(staff);
        switch (bulk)
        {
            case "assign":
            {
                if (!known)
                {
                    return texts["error.badChoice"];
                }

                if (await Assignment.RefusalAsync(db, texts, staff, ticket, person, cancellationToken) is { } refusal)
                {
                    return refusal;
                }

                var change = workflow.Assign(db, ticket, by, person, now);
                if (change.Event is not null)
                {
                    await workflow.CommitAsync(db, cancellationToken, change);
                }

                return null;
            }

            case "refer":
            {
                if (toDepartment is null && toDistrict is null)
                {
                    return texts["error.referNothing"];
                }

                if ((toDepartment is not null && !departments.Contains(toDepartment)) || (district is not null && toDistrict is null))
                {
                    return texts["error.badChoice"];
                }

                await workflow.CommitAsync(db, cancellationToken, await workflow.ReferAsync(db, ticket, by, toDepartment, toDistrict, now, cancellationToken));
                return null;
            }

            default:
            {
                if (status is not { } to || to == TicketStatus.Duplicate || !Enum.IsDefined(to))
                {
                    return texts["error.badStatus"];
                }

                if (to == ticket.Status)
                {
                    return texts["error.sameStatus"];
                }

                if (reason.Length > 4000)
                {
                    return texts.Format("error.textLong", 4000, reason.Length);
                }

                await workflow.CommitAsync(db, cancellationToken, await workflow.ChangeStatusAsync(db, ticket, to, by, reason.Length > 0 ? reason : null, now, cancellationToken));
                return null;
            }
        }
    }
}
