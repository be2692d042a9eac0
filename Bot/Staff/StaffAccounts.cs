using System.Security.Claims;
using ChatIntake.Admin;
using ChatIntake.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Staff;

/// <summary>Staff accounts: creating them, checking passwords, and locking an account after repeated failures.</summary>
public sealed class StaffAccounts(IDbContextFactory<IntakeDbContext> contexts, WriteGate writeGate, IOptions<AdminOptions> options, TimeProvider time)
{
    public const int MinPasswordLength = 10;
    public const string StampClaim = "chatintake:stamp";
    private static readonly PasswordHasher<StaffMember> Hasher = new();

    public static ClaimsPrincipal Principal(StaffMember staff, string scheme) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, staff.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, staff.UserName),
            new Claim(ClaimTypes.Role, staff.Role.ToString()),
            new Claim(StampClaim, staff.SecurityStamp),
        ], scheme));

    public StaffMember New(string userName, string displayName, string password, StaffRole role, IEnumerable<string> departments, IEnumerable<int> districtIds)
    {
        var staff = new StaffMember
        {
            UserName = userName.Trim(),
            DisplayName = displayName.Trim(),
            PasswordHash = string.Empty,
            Role = role,
            Departments = string.Join('|', departments.Select(d => d.Trim()).Where(d => d.Length > 0).Distinct()),
            DistrictIds = string.Join('|', districtIds.Distinct()),
            CreatedAt = time.GetUtcNow(),
        };
        SetPassword(staff, password);
        return staff;
    }

    public static bool IsPassword(StaffMember staff, string password) =>
        Hasher.VerifyHashedPassword(staff, staff.PasswordHash, password) != PasswordVerificationResult.Failed;

    public static void SetPassword(StaffMember staff, string password)
    {
        if (password.Length < MinPasswordLength)
        {
            throw new ArgumentException($"A password needs at least {MinPasswordLength} characters.", nameof(password));
        }

        staff.PasswordHash = Hasher.HashPassword(staff, password);
        staff.SecurityStamp = Guid.NewGuid().ToString("N");
    }

    /// <summary>Adds an account; the intent method tests and the staff page use.</summary>
    public async Task<StaffMember> CreateAsync(string userName, string displayName, string password, StaffRole role,
        IEnumerable<string> departments, IEnumerable<int> districtIds, CancellationToken cancellationToken)
    {
        var staff = New(userName, displayName, password, role, departments, districtIds);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Staff.Add(staff);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return staff;
    }

    public async Task<SignInOutcome> CheckAsync(string userName, string password, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var staff = await db.Staff.FirstOrDefaultAsync(s => s.UserName == userName.Trim(), cancellationToken);
        if (staff is null || !staff.IsActive)
        {
            // Same work as a real check, so a missing account cannot be told apart by timing.
            Hasher.VerifyHashedPassword(new StaffMember { UserName = "", DisplayName = "", PasswordHash = "" }, DummyHash, password);
            return new SignInOutcome.Invalid();
        }

        var now = time.GetUtcNow();
        if (staff.LockedUntil is { } until && until > now)
        {
            return new SignInOutcome.Locked(until);
        }

        var result = Hasher.VerifyHashedPassword(staff, staff.PasswordHash, password);
        SignInOutcome outcome;
        if (result == PasswordVerificationResult.Failed)
        {
            staff.FailedSignIns++;
            if (staff.FailedSignIns >= options.Value.MaxFailedSignIns)
            {
                staff.LockedUntil = now + options.Value.LockoutDuration;
                staff.FailedSignIns = 0;
                outcome = new SignInOutcome.Locked(staff.LockedUntil.Value);
            }
            else
            {
                outcome = new SignInOutcome.Invalid();
            }
        }
        else
        {
            if (result == PasswordVerificationResult.SuccessRehashNeeded)
            {
                staff.PasswordHash = Hasher.HashPassword(staff, password);
            }

            staff.FailedSignIns = 0;
            staff.LockedUntil = null;
            outcome = new SignInOutcome.Success(staff);
        }

        using (await writeGate.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return outcome;
    }

    private static readonly string DummyHash = Hasher.HashPassword(new StaffMember { UserName = "", DisplayName = "", PasswordHash = "" }, Guid.NewGuid().ToString());
}
