namespace ChatIntake.Tests.Infrastructure;

/// <summary>
/// The test clock: the real clock moved by hand. Tests make hours pass (due times, lockouts) or set it to a fixed
/// moment, while rate limits and timeouts still see time flow. Every <see cref="BotApplicationFactory"/> owns one.
/// </summary>
public sealed class OffsetClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>Moves the clock so that it reads <paramref name="moment"/> now, and flows on from there.</summary>
    public void SetTo(DateTimeOffset moment) => Advance(moment - GetUtcNow());

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}
