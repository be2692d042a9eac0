using System.Globalization;

namespace ChatIntake.Dialogs.Intake;

public sealed record CategoryInfo(
    string Code,
    string NameFa,
    string NameEn,
    IReadOnlyList<string> KeywordsFa,
    IReadOnlyList<string> KeywordsEn,
    bool PhotoRequired)
{
    public string Name(CultureInfo culture) => culture.TwoLetterISOLanguageName == "fa" ? NameFa : NameEn;
}
