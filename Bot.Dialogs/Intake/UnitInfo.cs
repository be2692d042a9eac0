using System.Globalization;

namespace ChatIntake.Dialogs.Intake;

/// <summary>A department or district a complaint or thanks can be addressed to; exactly one of the two is set.</summary>
public sealed record UnitInfo(string Code, string NameFa, string NameEn, int? DistrictId, string? Department)
{
    public string Name(CultureInfo culture) => culture.TwoLetterISOLanguageName == "fa" ? NameFa : NameEn;
}
