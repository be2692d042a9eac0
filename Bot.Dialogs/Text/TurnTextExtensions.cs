using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Dialogs.Text;

public static class TurnTextExtensions
{
    public static CultureTexts Texts(this ITurnContext context) =>
        new(context.Services.GetService(typeof(TextCatalog)) as TextCatalog ?? TextCatalog.Default, context.Culture);
}
