using System.Security.Claims;
using ChatIntake.Data;
using ChatIntake.Staff;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin.Staff;

/// <summary>The signed-in staff member of this request, read once from the database so a changed role or scope applies at once.</summary>
public sealed class CurrentStaff(IHttpContextAccessor http, IDbContextFactory<IntakeDbContext> contexts)
{
    private StaffMember? _staff;

    public async Task<StaffMember> GetAsync(CancellationToken cancellationToken) =>
        await FindAsync(cancellationToken) ?? throw new InvalidOperationException("No staff member is signed in.");

    public Task<StaffMember?> FindAsync(CancellationToken cancellationToken) => FindAsync(http.HttpContext?.User, cancellationToken);

    /// <summary>For the cookie's validation, which runs before the request's user is set.</summary>
    public async Task<StaffMember?> FindAsync(ClaimsPrincipal? principal, CancellationToken cancellationToken)
    {
        if (_staff is not null)
        {
            return _staff;
        }

        var id = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (!long.TryParse(id, System.Globalization.CultureInfo.InvariantCulture, out var staffId))
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        _staff = await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Id == staffId && s.IsActive, cancellationToken);
        return _staff;
    }
}
