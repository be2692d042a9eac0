namespace ChatIntake.Tests.Infrastructure;

/// <summary>The real clock moved forward by hand: tests make hours pass (due times, lockouts) while rate limits still see time flow.</summary>
public sealed class OffsetClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>Sets the clock to <paramref name="at"/>, from where it goes on running.</summary>
    public void MoveTo(DateTimeOffset at) => Advance(at - GetUtcNow());

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}
