using System.Globalization;
using System.Text;

namespace ChatIntake.Statistics;

/// <summary>
/// Counts of durations in working minutes, in buckets: medians and percentiles cannot be summed across days, but bucket
/// counts can, and a percentile read from merged buckets is within half a bucket of the exact one. Resolution: one
/// minute below 2 working hours, 10 minutes below 48, an hour below 720, a day (1,440 minutes) beyond.
/// Stored as "lower:count" pairs of the buckets in use, e.g. "45:2 130:1".
/// </summary>
public sealed class WorkingHistogram
{
    // Unordered while counts are added (the dashboard adds tens of thousands of stored cells); ordered when read out.
    private readonly Dictionary<int, int> _buckets = [];

    public int Count { get; private set; }

    public bool IsEmpty => Count == 0;

    /// <summary>The lower bound (in minutes) of the bucket holding <paramref name="minutes"/>.</summary>
    public static int Bucket(int minutes)
    {
        var m = Math.Max(0, minutes);
        return m < 120 ? m : m < 2_880 ? m - (m % 10) : m < 43_200 ? m - (m % 60) : m - (m % 1_440);
    }

    /// <summary>How wide the bucket starting at <paramref name="lower"/> is, in minutes.</summary>
    public static int Width(int lower) => lower < 120 ? 1 : lower < 2_880 ? 10 : lower < 43_200 ? 60 : 1_440;

    /// <summary>Working hours as whole minutes, as the buckets count them.</summary>
    public static int Minutes(double hours) => (int)Math.Clamp(Math.Floor(hours * 60), 0, int.MaxValue);

    public void Add(int minutes, int times = 1)
    {
        if (times == 0)
        {
            return;
        }

        var bucket = Bucket(minutes);
        var now = _buckets.GetValueOrDefault(bucket) + times;
        if (now == 0)
        {
            _buckets.Remove(bucket);
        }
        else
        {
            _buckets[bucket] = now;
        }

        Count += times;
    }

    public void Merge(WorkingHistogram other)
    {
        foreach (var (bucket, count) in other._buckets)
        {
            Add(bucket, count);
        }
    }

    /// <summary>
    /// The q-quantile in hours, by the same rule as <see cref="FiguresCalculator.Percentile"/> (linear between the closest
    /// ranks), each rank's value taken as the middle of its bucket; null when empty.
    /// </summary>
    public double? Percentile(double q)
    {
        if (Count <= 0)
        {
            return null;
        }

        var rank = (Count - 1) * q;
        var low = (long)Math.Floor(rank);
        var high = (long)Math.Ceiling(rank);
        double? lowValue = null, highValue = null;
        long seen = 0;
        foreach (var bucket in _buckets.Keys.Order())
        {
            var count = _buckets[bucket];
            var middle = (bucket + (Width(bucket) / 2.0)) / 60.0;
            if (lowValue is null && low < seen + count)
            {
                lowValue = middle;
            }

            if (high < seen + count)
            {
                highValue = middle;
                break;
            }

            seen += count;
        }

        if (lowValue is null || highValue is null)
        {
            return null;
        }

        return lowValue.Value + ((highValue.Value - lowValue.Value) * (rank - low));
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (bucket, count) in _buckets.OrderBy(b => b.Key))
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(bucket.ToString(CultureInfo.InvariantCulture)).Append(':').Append(count.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public static WorkingHistogram Parse(string? stored)
    {
        var histogram = new WorkingHistogram();
        histogram.AddStored(stored);
        return histogram;
    }

    /// <summary>Adds the counts of a stored histogram (<see cref="ToString"/>'s form) to this one, read in place.</summary>
    public void AddStored(string? stored)
    {
        var rest = stored.AsSpan();
        while (!rest.IsEmpty)
        {
            var space = rest.IndexOf(' ');
            var pair = space < 0 ? rest : rest[..space];
            rest = space < 0 ? [] : rest[(space + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            var colon = pair.IndexOf(':');
            Add(int.Parse(pair[..colon], NumberStyles.None, CultureInfo.InvariantCulture), int.Parse(pair[(colon + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }
    }
}
