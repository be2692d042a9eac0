namespace ChatIntake.Channels;

/// <summary>
/// Token buckets per key (a chat, a conversation, an address): a minute's allowance may come at once, then it refills
/// evenly. Says whether a refusal is the first of its run, so a sender is told once and then quietly dropped.
/// </summary>
public sealed class FloodGate(int perMinute, TimeProvider time)
{
    private const int ForgetAbove = 100_000;
    private readonly Dictionary<string, Bucket> _buckets = [];
    private readonly Lock _gate = new();

    /// <summary>The outcome for one request: admitted, or refused with how long until one more would be admitted.</summary>
    public readonly record struct Verdict(bool Admitted, bool FirstRefusal, TimeSpan RetryAfter);

    public Verdict Take(string key)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                if (_buckets.Count >= ForgetAbove)
                {
                    Forget(now);
                }

                _buckets[key] = bucket = new Bucket(perMinute, now);
            }

            bucket.Refill(perMinute, now, time);
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens--;
                bucket.Refused = false;
                return new Verdict(true, false, TimeSpan.Zero);
            }

            var first = !bucket.Refused;
            bucket.Refused = true;
            return new Verdict(false, first, TimeSpan.FromSeconds(Math.Ceiling((1 - bucket.Tokens) * 60 / perMinute)));
        }
    }

    /// <summary>Full buckets say nothing a new one would not: dropping them bounds memory under many senders.</summary>
    private void Forget(long now)
    {
        foreach (var (key, bucket) in _buckets.ToList())
        {
            bucket.Refill(perMinute, now, time);
            if (bucket.Tokens >= perMinute)
            {
                _buckets.Remove(key);
            }
        }
    }

    private sealed class Bucket(double tokens, long updated)
    {
        private long _updated = updated;

        public double Tokens { get; set; } = tokens;

        public bool Refused { get; set; }

        public void Refill(int perMinute, long now, TimeProvider time)
        {
            Tokens = Math.Min(perMinute, Tokens + (time.GetElapsedTime(_updated, now).TotalMinutes * perMinute));
            _updated = now;
        }
    }
}
