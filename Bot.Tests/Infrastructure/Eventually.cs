using System.Diagnostics;

namespace ChatIntake.Tests.Infrastructure;

/// <summary>The one bounded wait of the suite: looks again until a condition holds, and fails saying what it last saw.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Reads <paramref name="probe"/> until <paramref name="done"/> holds for it; returns that value.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null, Func<T, string>? describe = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var waited = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            var seen = await probe();
            if (done(seen))
            {
                return seen;
            }

            if (waited.Elapsed > limit)
            {
                Assert.Fail($"Waited {limit.TotalSeconds:0.#} s for {what}; last seen: {(describe is null ? seen?.ToString() : describe(seen))}");
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 100));
        }
    }

    public static Task<T> UntilAsync<T>(Func<T> probe, Func<T, bool> done, string what, TimeSpan? timeout = null, Func<T, string>? describe = null) =>
        UntilAsync(() => Task.FromResult(probe()), done, what, timeout, describe);

    public static Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(condition, ok => ok, what, timeout);

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), ok => ok, what, timeout);
}
