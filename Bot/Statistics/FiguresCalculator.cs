using ChatIntake.Tickets;

namespace ChatIntake.Statistics;

/// <summary>Turns tickets' facts into <see cref="Figures"/>: medians and 90th percentiles of working hours on the city's calendar.</summary>
public sealed class FiguresCalculator(WorkingCalendar calendar)
{
    /// <summary>The city's time zone, in which days are counted.</summary>
    public TimeZoneInfo Zone => calendar.Zone;

    /// <summary>Working time between two instants on the city's calendar.</summary>
    public TimeSpan WorkingTime(DateTimeOffset from, DateTimeOffset to) => calendar.WorkingTimeBetween(from, to);

    public Figures Compute(IReadOnlyCollection<TicketFacts> received, IReadOnlyCollection<OpenTicketFacts> backlog, DateTimeOffset now) =>
        Compute(received, Ages(backlog, now));

    /// <summary>The figures of <paramref name="received"/>, with the backlog now given as its count per age band.</summary>
    public Figures Compute(IReadOnlyCollection<TicketFacts> received, int[] backlogAges)
    {
        var response = new List<double>();
        var resolution = new List<double>();
        var agencyHeld = new List<double>();
        int responseMet = 0, responseJudged = 0, resolutionMet = 0, resolutionJudged = 0, reopened = 0, followUps = 0, followedUp = 0;
        var ratings = new int[5];
        var channels = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in received)
        {
            if (t.FirstResponseAt is { } answered)
            {
                response.Add(calendar.WorkingTimeBetween(t.CreatedAt, answered).TotalHours);
            }

            if (t.ResponseDueAt is { } responseDue && (t.FirstResponseAt is not null || t.ResponseOverdue))
            {
                responseJudged++;
                responseMet += t.FirstResponseAt is { } at && at <= responseDue ? 1 : 0;
            }

            if (t.ResolvedAt is { } resolved)
            {
                // The city's own time: what outside agencies held is theirs, and counted in their league.
                var own = calendar.WorkingTimeBetween(t.CreatedAt, resolved) - t.AgencyHeldFor;
                resolution.Add(Math.Max(0, own.TotalHours));
            }

            if (t.ResolutionDueAt is { } resolutionDue && (t.ResolvedAt is not null || t.ResolutionOverdue))
            {
                resolutionJudged++;
                resolutionMet += t.ResolvedAt is { } at && at <= resolutionDue ? 1 : 0;
            }

            if (t.AgencyHeldFor > TimeSpan.Zero)
            {
                agencyHeld.Add(t.AgencyHeldFor.TotalHours);
            }

            reopened += t.Reopened ? 1 : 0;
            followUps += t.FollowUps;
            followedUp += t.FollowUps > 0 ? 1 : 0;
            if (t.Satisfaction is >= 1 and <= 5)
            {
                ratings[t.Satisfaction.Value - 1]++;
            }

            channels[t.Channel] = channels.GetValueOrDefault(t.Channel) + 1;
        }

        var rated = ratings.Sum();
        return new Figures(
            received.Count,
            backlogAges.Sum(),
            backlogAges,
            Percentile(response, 0.5),
            Percentile(response, 0.9),
            Percentile(resolution, 0.5),
            Percentile(resolution, 0.9),
            Share(responseMet, responseJudged),
            Share(resolutionMet, resolutionJudged),
            Share(reopened, received.Count),
            rated == 0 ? null : ratings.Select((n, i) => n * (i + 1.0)).Sum() / rated,
            ratings,
            followUps,
            followedUp,
            channels,
            Percentile(agencyHeld, 0.5));
    }

    /// <summary>The backlog's count in each age band (<see cref="Figures.AgeBands"/>).</summary>
    public static int[] Ages(IEnumerable<OpenTicketFacts> backlog, DateTimeOffset now)
    {
        var ages = new int[Figures.AgeBands.Length + 1];
        foreach (var open in backlog)
        {
            var days = (now - open.CreatedAt).TotalDays;
            var band = Array.FindIndex(Figures.AgeBands, limit => days < limit);
            ages[band < 0 ? Figures.AgeBands.Length : band]++;
        }

        return ages;
    }

    /// <summary>The q-quantile by linear interpolation between closest ranks (a median of an even count is the mean of the middle two).</summary>
    public static double? Percentile(List<double> values, double q)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var rank = (values.Count - 1) * q;
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return values[low] + ((values[high] - values[low]) * (rank - low));
    }

    private static double? Share(int part, int whole) => whole == 0 ? null : (double)part / whole;
}
