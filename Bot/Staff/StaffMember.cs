namespace ChatIntake.Staff;

/// <summary>A person who signs in to the admin panel.</summary>
public sealed class StaffMember
{
    public long Id { get; set; }
    public required string UserName { get; set; }
    public required string DisplayName { get; set; }

    /// <summary>A <see cref="Microsoft.AspNetCore.Identity.PasswordHasher{TUser}"/> hash, never the password.</summary>
    public required string PasswordHash { get; set; }
    public StaffRole Role { get; set; }

    /// <summary>Changes with the password: sessions signed in under the old one end at their next request.</summary>
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");

    /// <summary>Departments this member works for, separated by '|'; empty means not limited by department.</summary>
    public string Departments { get; set; } = string.Empty;

    /// <summary>District ids this member works for, separated by '|'; empty means not limited by district.</summary>
    public string DistrictIds { get; set; } = string.Empty;
    public bool IsActive { get; set; } = true;
    /// <summary>Unused since sign-in failures are counted per name and address (<see cref="SignInThrottle"/>); kept to spare SQLite a table rebuild.</summary>
    public int FailedSignIns { get; set; }

    /// <summary>Unused, like <see cref="FailedSignIns"/>.</summary>
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The bot chat (as a citizen of Telegram or Bale) where this member's reminders and digest arrive, once linked.</summary>
    public long? LinkedCitizenId { get; set; }

    /// <summary>A one-time code the member sends to the bot with /link to tie their chat to this account.</summary>
    public string? LinkCode { get; set; }
    public DateTimeOffset? LinkCodeExpiresAt { get; set; }

    /// <summary>The city's local date of the last daily digest sent to this member's chat.</summary>
    public DateOnly? LastDigestOn { get; set; }

    public IReadOnlyList<string> DepartmentList => Departments.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IReadOnlyList<int> DistrictList =>
        [.. DistrictIds.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))];
}
