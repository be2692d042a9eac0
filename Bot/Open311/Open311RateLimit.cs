using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ChatIntake.Open311;

/// <summary>Requests per minute for each client key (or, for open reads without a key, each address).</summary>
public sealed class Open311RateLimit(IOptions<Open311Options> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(partition =>
        RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.RequestsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>True when one more request of <paramref name="partition"/> fits in this minute.</summary>
    public bool TryTake(string partition)
    {
        using var lease = _limiter.AttemptAcquire(partition);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
