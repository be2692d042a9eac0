using System.Globalization;
using System.Text;

namespace ChatIntake.Statistics;

/// <summary>
/// The summable figures of one cell (or of many merged): counts, the ratings' distribution, follow-ups by way, and
/// histograms of working time from which medians and 90th percentiles are read.
/// </summary>
public sealed class FigureCell
{
    public int Received { get; set; }

    /// <summary>Tickets that stopped being open on this day (for the backlog at a day's start).</summary>
    public int Finished { get; set; }

    public int ResponseJudged { get; set; }
    public int ResponseMet { get; set; }
    public int ResolutionJudged { get; set; }
    public int ResolutionMet { get; set; }
    public int Reopened { get; set; }
    public int FollowUps { get; set; }
    public int FollowedUp { get; set; }
    public int[] Ratings { get; } = new int[5];
    public WorkingHistogram Response { get; init; } = new();
    public WorkingHistogram Resolution { get; init; } = new();
    public WorkingHistogram AgencyHeld { get; init; } = new();
    public Dictionary<string, int> Ways { get; } = new(StringComparer.Ordinal);

    public bool IsEmpty => Received == 0 && Finished == 0 && ResponseJudged == 0 && ResolutionJudged == 0 && FollowUps == 0 && Response.IsEmpty && Resolution.IsEmpty &&
                           AgencyHeld.IsEmpty && Ratings.All(r => r == 0) && Ways.Count == 0;

    /// <summary>Adds (<paramref name="sign"/> 1) or takes away (−1) what a ticket counts on its received day.</summary>
    public void AddReceived(TicketContribution c, int sign)
    {
        Received += sign;
        ResponseJudged += c.ResponseJudged ? sign : 0;
        ResponseMet += c.ResponseMet ? sign : 0;
        ResolutionJudged += c.ResolutionJudged ? sign : 0;
        ResolutionMet += c.ResolutionMet ? sign : 0;
        Reopened += c.Reopened ? sign : 0;
        FollowUps += c.FollowUps * sign;
        FollowedUp += c.FollowUps > 0 ? sign : 0;
        if (c.Satisfaction is >= 1 and <= 5)
        {
            Ratings[c.Satisfaction.Value - 1] += sign;
        }

        if (c.ResponseMinutes is { } response)
        {
            Response.Add(response, sign);
        }

        if (c.ResolutionMinutes is { } resolution)
        {
            Resolution.Add(resolution, sign);
        }

        if (c.AgencyHeldMinutes is { } held)
        {
            AgencyHeld.Add(held, sign);
        }

        foreach (var (way, count) in ParseCounts(c.Ways))
        {
            AddWay(way, count * sign);
        }
    }

    public void Merge(FigureCell other)
    {
        Received += other.Received;
        Finished += other.Finished;
        ResponseJudged += other.ResponseJudged;
        ResponseMet += other.ResponseMet;
        ResolutionJudged += other.ResolutionJudged;
        ResolutionMet += other.ResolutionMet;
        Reopened += other.Reopened;
        FollowUps += other.FollowUps;
        FollowedUp += other.FollowedUp;
        for (var i = 0; i < Ratings.Length; i++)
        {
            Ratings[i] += other.Ratings[i];
        }

        Response.Merge(other.Response);
        Resolution.Merge(other.Resolution);
        AgencyHeld.Merge(other.AgencyHeld);
        foreach (var (way, count) in other.Ways)
        {
            AddWay(way, count);
        }
    }

    /// <summary>Adds follow-ups by way as stored (<see cref="FormatCounts"/>'s form).</summary>
    public void AddWays(string? stored)
    {
        foreach (var (way, count) in ParseCounts(stored))
        {
            AddWay(way, count);
        }
    }

    private void AddWay(string way, int count)
    {
        var now = Ways.GetValueOrDefault(way) + count;
        if (now == 0)
        {
            Ways.Remove(way);
        }
        else
        {
            Ways[way] = now;
        }
    }

    /// <summary>Counts by name as stored: "status:2 message:1" (names hold no spaces or colons).</summary>
    public static string FormatCounts(IEnumerable<KeyValuePair<string, int>> counts)
    {
        var text = new StringBuilder();
        foreach (var (name, count) in counts.Where(c => c.Value != 0).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(name).Append(':').Append(count.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public static IEnumerable<KeyValuePair<string, int>> ParseCounts(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            yield break;
        }

        foreach (var pair in stored.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = pair.LastIndexOf(':');
            yield return new(pair[..colon], int.Parse(pair.AsSpan(colon + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }
    }
}
