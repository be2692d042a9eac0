using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ChatIntake.Tickets;

/// <summary>
/// The folder where downloaded attachments are kept, so staff still see a photo after the messenger's link expired.
/// Stored paths are relative to it; a path that would lead outside it is refused.
/// </summary>
public sealed class AttachmentStore(IOptions<AttachmentOptions> options, IConfiguration configuration)
{
    private readonly Lazy<string> _folder = new(() => Path.GetFullPath(
        string.IsNullOrWhiteSpace(options.Value.Folder) ? Path.Combine(DatabaseFolder(configuration), "attachments") : options.Value.Folder));

    public string Folder => _folder.Value;

    /// <summary>Moves a finished download into place and returns its stored (relative) path.</summary>
    public string Keep(string downloadedFile, long ticketId, long attachmentId, string extension) =>
        Keep(downloadedFile, ticketId.ToString(System.Globalization.CultureInfo.InvariantCulture), attachmentId.ToString(System.Globalization.CultureInfo.InvariantCulture), extension);

    /// <summary>Moves a finished file into <paramref name="folder"/> of the store and returns its stored (relative) path.</summary>
    public string Keep(string finishedFile, string folder, string name, string extension)
    {
        var relative = Path.Combine(folder, $"{name}{extension}");
        var target = FullPath(relative) ?? throw new ArgumentException($"'{relative}' leads outside the attachment folder", nameof(name));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(finishedFile, target, overwrite: true);
        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>A temporary file inside the store's folder, so the final move is a rename on the same disk.</summary>
    public string NewTemporaryFile()
    {
        var folder = Path.Combine(Folder, ".incoming");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, Guid.NewGuid().ToString("N"));
    }

    /// <summary>The file of a stored path, or null when the path would lead outside the store.</summary>
    public string? FullPath(string storedPath)
    {
        var full = Path.GetFullPath(Path.Combine(Folder, storedPath));
        return full.StartsWith(Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    private static string DatabaseFolder(IConfiguration configuration)
    {
        if (configuration["Database:Provider"] == "Postgres")
        {
            return Path.GetFullPath("."); // no file to sit beside; several instances set Attachments:Folder to one shared folder
        }

        var source = new SqliteConnectionStringBuilder(configuration.GetConnectionString("Intake") ?? Data.DatabaseExtensions.DefaultConnectionString).DataSource;
        return Path.GetDirectoryName(Path.GetFullPath(string.IsNullOrEmpty(source) || source == ":memory:" ? "chatintake.db" : source))!;
    }
}
