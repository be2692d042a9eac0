using System.Security.Claims;
using ChatIntake.Admin;
using ChatIntake.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Staff;

/// <summary>Staff accounts: creating them, checking passwords (throttled per name and address), and their server-side sessions.</summary>
public sealed class StaffAccounts(IDbContextFactory<IntakeDbContext> contexts, WriteGate writeGate, IOptions<AdminOptions> options, TimeProvider time)
{
    public const int MinPasswordLength = 10;
    public const string StampClaim = "chatintake:stamp";
    public const string SessionClaim = "chatintake:session";
    private static readonly PasswordHasher<StaffMember> Hasher = new();

    public static ClaimsPrincipal Principal(StaffMember staff, string sessionId, string scheme) => new(new ClaimsIdentity(
        [
            new Claim(SessionClaim, sessionId),
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

    /// <summary>
    /// Checks a password. Failures are counted per user name and address, the same way whether the account exists or
    /// not: after Admin:MaxFailedSignIns that address waits Admin:LockoutDuration, doubling with each further failure
    /// (up to Admin:MaxLockoutDuration); other addresses, the real owner's among them, are not held up.
    /// </summary>
    public async Task<SignInOutcome> CheckAsync(string userName, string password, string? address, CancellationToken cancellationToken)
    {
        var name = userName.Trim();
        var key = ThrottleKey(name);
        var from = address is { Length: > 0 and <= 64 } ? address : "unknown";
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var throttle = await db.SignInThrottles.FirstOrDefaultAsync(t => t.UserName == key && t.Address == from, cancellationToken);
        if (throttle?.BlockedUntil is { } until && until > now)
        {
            return new SignInOutcome.Locked(until);
        }

        var staff = await db.Staff.FirstOrDefaultAsync(s => s.UserName == name && s.IsActive, cancellationToken);
        // A missing account costs the same hashing as a real one, so timing does not tell them apart either.
        var result = PasswordVerificationResult.Failed;
        if (staff is null)
        {
            Hasher.VerifyHashedPassword(DummyStaff, DummyHash, password);
        }
        else
        {
            result = Hasher.VerifyHashedPassword(staff, staff.PasswordHash, password);
        }

        SignInOutcome outcome;
        if (staff is null || result == PasswordVerificationResult.Failed)
        {
            if (throttle is null)
            {
                throttle = new SignInThrottle { UserName = key, Address = from };
                db.SignInThrottles.Add(throttle);
            }
            else if (throttle.LastFailureAt < now - ForgetFailuresAfter)
            {
                throttle.Failures = 0;
            }

            throttle.Failures++;
            throttle.LastFailureAt = now;
            var beyond = throttle.Failures - options.Value.MaxFailedSignIns;
            if (beyond >= 0)
            {
                var wait = options.Value.LockoutDuration * Math.Pow(2, Math.Min(beyond, 30));
                throttle.BlockedUntil = now + (wait < options.Value.MaxLockoutDuration ? wait : options.Value.MaxLockoutDuration);
                outcome = new SignInOutcome.Locked(throttle.BlockedUntil.Value);
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

            if (throttle is not null)
            {
                db.SignInThrottles.Remove(throttle);
            }

            outcome = new SignInOutcome.Success(staff);
        }

        using (await writeGate.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            // Old rows of names and addresses that stopped trying.
            var stale = now - ForgetFailuresAfter;
            await db.SignInThrottles.Where(t => t.LastFailureAt < stale && (t.BlockedUntil == null || t.BlockedUntil < now)).ExecuteDeleteAsync(cancellationToken);
        }

        return outcome;
    }

    /// <summary>Lets the user name be tried again from every address (the staff page's "unlock"); saved with the caller's changes.</summary>
    public static async Task UnblockAsync(IntakeDbContext db, string userName, CancellationToken cancellationToken)
    {
        var key = ThrottleKey(userName);
        db.SignInThrottles.RemoveRange(await db.SignInThrottles.Where(t => t.UserName == key).ToListAsync(cancellationToken));
    }

    /// <summary>The throttle's key for a user name: case does not give an attacker fresh attempts.</summary>
    public static string ThrottleKey(string userName)
    {
        var key = userName.Trim().ToLowerInvariant();
        return key.Length > 64 ? key[..64] : key;
    }

    /// <summary>Records a new signed-in browser of the member; its id goes into the cookie.</summary>
    public async Task<string> StartSessionAsync(StaffMember staff, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var session = new StaffSession { Id = System.Security.Cryptography.RandomNumberGenerator.GetHexString(64, lowercase: true), StaffId = staff.Id, CreatedAt = now };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.StaffSessions.Add(session);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            // Browsers closed without signing out: a cookie lives 8 hours past its last use, so a week-old session is long gone.
            var abandoned = now - AbandonedSessionAge;
            await db.StaffSessions.Where(s => s.StaffId == staff.Id && s.CreatedAt < abandoned).ExecuteDeleteAsync(cancellationToken);
        }

        return session.Id;
    }

    /// <summary>Sign-out: the session's cookie, and every copy of it, is refused from now on.</summary>
    public async Task EndSessionAsync(string? sessionId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await db.StaffSessions.Where(s => s.Id == sessionId).ExecuteDeleteAsync(cancellationToken);
        }

        // After the delete, so a check running alongside cannot put it back.
        _openSessions.TryRemove(sessionId, out _);
    }

    /// <summary>
    /// Whether the session is still open. A yes is remembered for a few seconds (a page and its assets ask at once);
    /// this instance forgets it at sign-out, another instance within <see cref="SessionCheckCache"/>.
    /// </summary>
    public async Task<bool> IsSessionOpenAsync(string? sessionId, long staffId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (_openSessions.TryGetValue(sessionId, out var seen) && seen.StaffId == staffId && now - seen.At < SessionCheckCache)
        {
            return true;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.StaffSessions.AnyAsync(s => s.Id == sessionId && s.StaffId == staffId, cancellationToken))
        {
            _openSessions.TryRemove(sessionId, out _);
            return false;
        }

        if (_openSessions.Count > 10_000)
        {
            // Bounded: stale entries go first; a full clear only costs one query per session.
            foreach (var stale in _openSessions.Where(e => now - e.Value.At >= SessionCheckCache).Select(e => e.Key).ToList())
            {
                _openSessions.TryRemove(stale, out _);
            }
        }

        _openSessions[sessionId] = (staffId, now);
        return true;
    }

    /// <summary>How long a confirmed session is trusted without asking the database again.</summary>
    public static readonly TimeSpan SessionCheckCache = TimeSpan.FromSeconds(5);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long StaffId, DateTimeOffset At)> _openSessions = new(StringComparer.Ordinal);

    private static readonly TimeSpan ForgetFailuresAfter = TimeSpan.FromDays(1);
    private static readonly TimeSpan AbandonedSessionAge = TimeSpan.FromDays(7);
    private static readonly StaffMember DummyStaff = new() { UserName = "", DisplayName = "", PasswordHash = "" };
    private static readonly string DummyHash = Hasher.HashPassword(DummyStaff, Guid.NewGuid().ToString());
}
