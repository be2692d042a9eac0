using ChatIntake.Data;
using ChatIntake.Staff;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin;

/// <summary>
/// The operator's way back in without the panel: <c>Bot admin reset-password USER</c> gives the account a new one-time
/// password, prints it and exits; the service itself does not start. Sessions under the old password end.
/// </summary>
public static class AdminCommand
{
    public const string Usage = "Usage: dotnet run --project Bot -- admin reset-password <user name>";

    public static bool IsCommand(string[] args) => args is ["admin", ..];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (args is not ["admin", "reset-password", var userName] || string.IsNullOrWhiteSpace(userName))
        {
            await errors.WriteLineAsync(Usage);
            return 2;
        }

        await using var db = await services.GetRequiredService<IDbContextFactory<IntakeDbContext>>().CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        var name = userName.Trim();
        var staff = await db.Staff.FirstOrDefaultAsync(s => s.UserName == name, cancellationToken)
            ?? (await db.Staff.ToListAsync(cancellationToken)).FirstOrDefault(s => string.Equals(s.UserName, name, StringComparison.OrdinalIgnoreCase));
        if (staff is null)
        {
            var known = await db.Staff.Where(s => s.Role == StaffRole.Administrator).Select(s => s.UserName).ToListAsync(cancellationToken);
            await errors.WriteLineAsync(known.Count == 0
                ? $"There is no account '{name}' and no administrator yet: start the service once and it creates '{AdminInitializer.FirstUserName}'."
                : $"There is no account '{name}'. Administrators: {string.Join(", ", known)}.");
            return 1;
        }

        var password = AdminInitializer.NewPassword();
        StaffAccounts.SetPassword(staff, password);
        await StaffAccounts.UnblockAsync(db, staff.UserName, cancellationToken);
        db.StaffSessions.RemoveRange(await db.StaffSessions.Where(s => s.StaffId == staff.Id).ToListAsync(cancellationToken));
        db.Audit.Add(new AuditEntry
        {
            StaffId = staff.Id, StaffName = "console", Action = "password-reset", Detail = staff.UserName,
            CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        await output.WriteLineAsync($"New password for '{staff.UserName}': {password}");
        await output.WriteLineAsync("Sign in at /admin with it and choose your own under \"My password\". Sessions signed in before have ended.");
        if (!staff.IsActive)
        {
            await errors.WriteLineAsync($"Note: the account '{staff.UserName}' is deactivated; an administrator must activate it on the staff page before it can sign in.");
        }

        return 0;
    }
}
