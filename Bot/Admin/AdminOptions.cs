using System.ComponentModel.DataAnnotations;

namespace ChatIntake.Admin;

/// <summary>Configuration section "Admin".</summary>
public sealed class AdminOptions
{
    /// <summary>The first start with no staff creates "admin" with this password; empty means a generated one, printed once to the log.</summary>
    public string? InitialPassword { get; set; }

    /// <summary>Failed sign-ins one address may make for one account before that address must wait (other addresses are not affected).</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>The first wait after <see cref="MaxFailedSignIns"/> failures; each further failure from that address doubles it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest wait the doubling reaches.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan MaxLockoutDuration { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The panel is served only over HTTPS (e.g. behind a TLS proxy that does not send X-Forwarded-Proto): cookies are always Secure and HSTS is always sent.</summary>
    public bool RequireHttps { get; set; }

    /// <summary>Sign-in attempts one address may make per minute, across all accounts (the lockout counts per account).</summary>
    [Range(1, 10000)]
    public int SignInsPerMinute { get; set; } = 30;

    /// <summary>How often open admin pages look for new tickets and messages.</summary>
    [Range(1, 3600)]
    public int RefreshSeconds { get; set; } = 10;

    [Range(1, 200)]
    public int PageSize { get; set; } = 25;

    /// <summary>Open tickets due within this many hours are highlighted as near due.</summary>
    [Range(1, 240)]
    public int NearDueHours { get; set; } = 4;

    /// <summary>A map tile URL template with {z}, {x} and {y} (e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png); empty shows only a link.</summary>
    [RegularExpression(@"^(https?://[^\s'""]+\{z\}[^\s'""]*\{x\}[^\s'""]*\{y\}[^\s'""]*)?$", ErrorMessage = "Admin:MapTileUrl must be an http(s) URL with {{z}}, {{x}} and {{y}}.")]
    public string? MapTileUrl { get; set; }
}
