using System.ComponentModel.DataAnnotations;

namespace ChatIntake.Dialogs.Intake;

/// <summary>Limits of the citizen dialogs (configuration section "Intake").</summary>
public sealed class IntakeOptions
{
    [Range(1, 500)]
    public int DescriptionMinLength { get; set; } = 10;

    [Range(10, 4000)]
    public int DescriptionMaxLength { get; set; } = 2000;

    [Range(1, 200)]
    public int AddressMinLength { get; set; } = 5;

    [Range(10, 1000)]
    public int AddressMaxLength { get; set; } = 300;

    [Range(0, 10)]
    public int MaxPhotos { get; set; } = 5;

    /// <summary>A larger photo is refused at once, with the limit, rather than failing later to download (Bot APIs serve up to 20 MB).</summary>
    [Range(1024, 20 * 1024 * 1024)]
    public long MaxPhotoBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>An open ticket of the same category this close is offered instead of a new one.</summary>
    [Range(0, 5000)]
    public double DuplicateRadiusMetres { get; set; } = 50;

    /// <summary>How long after closing a citizen may reopen their report with /reopen.</summary>
    [Range(0, 365)]
    public int ReopenWithinDays { get; set; } = 14;

    /// <summary>The city's time zone, for dates shown to citizens.</summary>
    [Required]
    public string TimeZone { get; set; } = "Asia/Tehran";
}
