namespace ChatIntake.Channels.Telegram;

/// <summary>A file over the configured download limit; it is not kept.</summary>
public sealed class FileTooLargeException(long size, long limit)
    : Exception($"The file has at least {size} bytes; at most {limit} are accepted.")
{
    public long Size { get; } = size;

    public long Limit { get; } = limit;
}
