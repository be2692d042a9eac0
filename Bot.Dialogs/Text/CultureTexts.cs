using System.Globalization;
using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Dialogs.Text;

/// <summary>The catalog bound to one turn's language: <c>texts["key"]</c>, <c>texts.Format("key", …)</c>.</summary>
public readonly struct CultureTexts(TextCatalog catalog, CultureInfo culture)
{
    public CultureInfo Culture => culture;

    public TextCatalog Catalog => catalog;

    public string this[string key] => catalog.Get(key, culture);

    public string Format(string key, params object?[] args) => catalog.Format(key, culture, args);

    public string Digits(string text) => PersianText.Digits(text, culture);
}
