namespace ChatIntake.Tickets;

/// <summary>Raised when a commit may have saved citizens' files (new tickets, added details), so the downloader fetches them at once.</summary>
public sealed class NewFilesSignal
{
    public event Action? Raised;

    public void Notify() => Raised?.Invoke();
}
