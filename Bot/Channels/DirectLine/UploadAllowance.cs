namespace ChatIntake.Channels.DirectLine;

/// <summary>What a conversation may still upload in the current window, and when the window frees room again.</summary>
public sealed record UploadAllowance(int Files, long Bytes, TimeSpan RetryAfter);
