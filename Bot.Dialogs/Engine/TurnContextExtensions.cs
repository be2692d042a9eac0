namespace ChatIntake.Dialogs.Engine;

public static class TurnContextExtensions
{
    public static T Service<T>(this ITurnContext context) where T : notnull =>
        context.Services.GetService(typeof(T)) is T service
            ? service
            : throw new InvalidOperationException($"The turn has no service {typeof(T).Name}.");

    public static Task SendAsync(this ITurnContext context, string text, CancellationToken cancellationToken) =>
        context.SendAsync(Activity.Message(text), cancellationToken);
}
