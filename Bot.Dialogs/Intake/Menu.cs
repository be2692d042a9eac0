using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Intake;

/// <summary>The main menu: new report, my reports, help.</summary>
public static class Menu
{
    public static IReadOnlyList<SuggestedAction> Actions(CultureTexts texts) =>
        [SuggestedAction.Reply(texts["menu.new"]), SuggestedAction.Reply(texts["menu.my"]), SuggestedAction.Reply(texts["menu.help"])];

    public static Task ShowAsync(ITurnContext context, string text, CancellationToken cancellationToken) =>
        context.SendAsync(Activity.Message(text, Actions(context.Texts())), cancellationToken);
}
