using System.Globalization;

namespace ChatIntake.Tickets;

/// <summary>
/// How an outgoing message points at a file kept with a ticket (the after photo): "ticket-file:{ticketId}:{channelFileId}".
/// Known before the attachment row is saved, so a message staged in the same commit can carry it; each channel resolves it
/// through <see cref="TicketFiles"/> when it sends.
/// </summary>
public static class TicketFileReference
{
    public const string Prefix = "ticket-file:";

    public static string For(long ticketId, string channelFileId) => $"{Prefix}{ticketId.ToString(CultureInfo.InvariantCulture)}:{channelFileId}";

    public static bool TryParse(string? fileId, out long ticketId, out string channelFileId)
    {
        ticketId = 0;
        channelFileId = string.Empty;
        if (fileId is null || !fileId.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = fileId.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        if (colon <= 0 || colon == rest.Length - 1 || !long.TryParse(rest[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out ticketId))
        {
            return false;
        }

        channelFileId = rest[(colon + 1)..].ToString();
        return true;
    }
}
