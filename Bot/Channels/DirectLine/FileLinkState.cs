namespace ChatIntake.Channels.DirectLine;

/// <summary>What a web chat file link's signature says: ours and in time, ours but too old, or not ours.</summary>
public enum FileLinkState
{
    Invalid,
    Valid,
    Expired,
}
