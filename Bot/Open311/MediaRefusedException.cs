namespace ChatIntake.Open311;

/// <summary>A media_url that will not be taken: the message says why, for the client's 400.</summary>
public sealed class MediaRefusedException(string message, Exception? inner = null) : Exception(message, inner);
