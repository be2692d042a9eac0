using System.Security.Cryptography;
using ChatIntake.Admin.Staff;
using ChatIntake.Staff;
using ChatIntake.Data;
using ChatIntake.Dialogs.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Admin;

/// <summary>Runs after the database is migrated: creates the first administrator, and lays the edited notification texts over the built-in ones.</summary>
internal sealed class AdminInitializer(
    IDbContextFactory<IntakeDbContext> contexts,
    StaffAccounts accounts,
    TextCatalog texts,
    IOptions<AdminOptions> options,
    ILogger<AdminInitializer> logger) : IHostedService
{
    public const string FirstUserName = "admin";

    /// <summary>The first account's display name as stored; the panel says it in its own language (<see cref="Texts.AdminText.Person"/>).</summary>
    public const string FirstDisplayName = "Administrator";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Staff.AnyAsync(cancellationToken))
        {
            var configured = options.Value.InitialPassword;
            var password = string.IsNullOrEmpty(configured) ? NewPassword() : configured;
            await accounts.CreateAsync(FirstUserName, FirstDisplayName, password, StaffRole.Administrator, [], [], cancellationToken);
            if (string.IsNullOrEmpty(configured))
            {
                // Printed once, on purpose: the operator's only way in; it is never stored in plain text.
                logger.LogWarning("Created the first admin panel account '{UserName}' with the generated password {Password}; sign in at /admin and change it", FirstUserName, password);
            }
            else
            {
                logger.LogInformation("Created the first admin panel account '{UserName}' with Admin:InitialPassword", FirstUserName);
            }
        }

        else if (!string.IsNullOrEmpty(options.Value.InitialPassword))
        {
            // Only the very first start uses it: say so, or a changed setting looks like a broken sign-in.
            logger.LogWarning("Admin:InitialPassword is ignored: the panel already has accounts, and it is used only on the first start of an empty database. " +
                "To give '{UserName}' a new password run: dotnet run --project Bot -- admin reset-password {UserName} (or: Bot admin reset-password {UserName} where it is installed), then remove the setting",
                FirstUserName, FirstUserName, FirstUserName);
        }

        foreach (var edited in await db.TextOverrides.AsNoTracking().ToListAsync(cancellationToken))
        {
            texts.Override(edited.Key, edited.Language, edited.Text);
        }
    }

    /// <summary>A 16-character password without look-alike letters (no l, 1, O, 0), for the first account and for resets.</summary>
    public static string NewPassword() => RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
