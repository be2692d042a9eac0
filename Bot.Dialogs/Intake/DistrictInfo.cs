using System.Globalization;

namespace ChatIntake.Dialogs.Intake;

/// <summary>A district as citizens name it: its names and the neighbourhoods (fa and en) a typed address may mention.</summary>
public sealed record DistrictInfo(int Id, string Code, string NameFa, string NameEn, IReadOnlyList<string> Places)
{
    public string Name(CultureInfo culture) => culture.TwoLetterISOLanguageName == "fa" ? NameFa : NameEn;
}
