using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Dialogs.Text;

public static class TurnTextExtensions
{
    public static CultureTexts Texts(this ITurnContext context) =>
        context.TextsFor(context.Culture);

    /// <summary>The texts in another language: what a citizen who switched language mid-dialog may still type.</summary>
    public static CultureTexts TextsFor(this ITurnContext context, System.Globalization.CultureInfo culture) =>
        new(context.Services.GetService(typeof(TextCatalog)) as TextCatalog ?? TextCatalog.Default, culture);
}
