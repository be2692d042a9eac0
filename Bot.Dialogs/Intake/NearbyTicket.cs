using System.Globalization;

namespace ChatIntake.Dialogs.Intake;

/// <summary>
/// Another citizen's open report near a new one: only what is safe to show a stranger. <see cref="Reference"/> lets
/// the dialog follow it and is kept in the conversation's state, never shown.
/// </summary>
public sealed record NearbyTicket(string Reference, string CategoryNameFa, string CategoryNameEn, TicketStatus Status, double DistanceMetres)
{
    public string CategoryName(CultureInfo culture) => culture.TwoLetterISOLanguageName == "fa" ? CategoryNameFa : CategoryNameEn;

    /// <summary>Rounded to 10 m (at least 10): close enough to judge, too coarse to pinpoint a home.</summary>
    public int RoundedMetres => Math.Max(10, (int)Math.Round(DistanceMetres / 10) * 10);
}
