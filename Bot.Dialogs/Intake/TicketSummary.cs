using System.Globalization;

namespace ChatIntake.Dialogs.Intake;

/// <summary>What a citizen may see of a ticket.</summary>
public sealed record TicketSummary(
    string TrackingCode,
    string CategoryNameFa,
    string CategoryNameEn,
    TicketStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Description,
    string? AddressText,
    string? DistrictNameFa,
    string? DistrictNameEn,
    bool IsOwn)
{
    public string CategoryName(CultureInfo culture) => culture.TwoLetterISOLanguageName == "fa" ? CategoryNameFa : CategoryNameEn;

    public string? DistrictName(CultureInfo culture) => culture.TwoLetterISOLanguageName == "fa" ? DistrictNameFa : DistrictNameEn;
}
