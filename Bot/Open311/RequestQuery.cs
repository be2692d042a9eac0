using System.Globalization;
using System.Linq.Expressions;
using System.Text.RegularExpressions;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Tickets;

namespace ChatIntake.Open311;

/// <summary>
/// GET requests' arguments, checked: service_request_id (a comma list, which overrides the rest), service_code,
/// start_date/end_date (at most 90 days apart; the last 90 days by default), status (open, closed) and, beyond the
/// spec, page and page_size (1,000 rows by default, the spec's cap).
/// </summary>
public sealed partial record RequestQuery(IReadOnlyList<string>? Codes, IReadOnlyList<int>? CategoryIds, DateTimeOffset From, DateTimeOffset To, bool? Open, int Page, int PageSize)
{
    public const int MaxRows = 1000;
    public static readonly TimeSpan Window = TimeSpan.FromDays(90);

    private static readonly Expression<Func<Ticket, bool>> NotOpen =
        Expression.Lambda<Func<Ticket, bool>>(Expression.Not(TicketRules.Open.Body), TicketRules.Open.Parameters);

    public static (RequestQuery? Query, string? Error) Parse(Func<string, string?> arg, CategoryCatalog categories, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (!Number(arg("page"), 1, int.MaxValue, 1, out var page) || !Number(arg("page_size"), 1, MaxRows, MaxRows, out var pageSize))
        {
            return (null, $"page must be a whole number from 1, and page_size one from 1 to {MaxRows}.");
        }

        if (arg("service_request_id") is { } idList)
        {
            var codes = new List<string>();
            foreach (var typed in idList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!TrackingCode.TryNormalize(typed, out var code))
                {
                    return (null, $"'{typed}' is not a service_request_id.");
                }

                codes.Add(code);
            }

            return codes.Count > MaxRows ? (null, $"At most {MaxRows} service_request_id values at once.") : (new RequestQuery(codes, null, default, default, null, page, pageSize), null);
        }

        List<int>? categoryIds = null;
        if (arg("service_code") is { } serviceList)
        {
            categoryIds = [];
            foreach (var code in serviceList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (categories.Find(code) is not { } category)
                {
                    return (null, $"Unknown service_code '{code}'.");
                }

                categoryIds.Add(category.Id);
            }
        }

        bool? open = null;
        if (arg("status") is { } statusList)
        {
            var statuses = statusList.ToLowerInvariant().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
            if (statuses.Any(s => s is not ("open" or "closed")))
            {
                return (null, "status must be open, closed or both (open,closed).");
            }

            open = statuses.Count == 1 ? statuses[0] == "open" : null;
        }

        DateTimeOffset? start = null, end = null;
        if (arg("start_date") is { } typedStart && (start = Date(typedStart, zone)) is null)
        {
            return (null, $"start_date '{typedStart}' is not an ISO 8601 date and time (e.g. 2026-12-01T00:00:00+03:30).");
        }

        if (arg("end_date") is { } typedEnd && (end = Date(typedEnd, zone)) is null)
        {
            return (null, $"end_date '{typedEnd}' is not an ISO 8601 date and time (e.g. 2026-12-31T23:59:59+03:30).");
        }

        var (from, to) = (start, end) switch
        {
            ({ } s, { } e) => (s, e),
            ({ } s, null) => (s, s + Window),
            (null, { } e) => (e - Window, e),
            _ => (now - Window, now),
        };
        if (to < from)
        {
            return (null, "end_date is before start_date.");
        }

        return to - from > Window
            ? (null, $"start_date and end_date may be at most 90 days apart (they are {(to - from).TotalDays:0.#} days apart).")
            : (new RequestQuery(null, categoryIds, from, to, open, page, pageSize), null);
    }

    public IQueryable<Ticket> Apply(IQueryable<Ticket> tickets)
    {
        tickets = tickets.Where(t => RequestDocuments.PublishedKinds.Contains(t.Kind));
        if (Codes is not null)
        {
            tickets = tickets.Where(t => Codes.Contains(t.TrackingCode));
        }
        else
        {
            tickets = tickets.Where(t => t.CreatedAt >= From && t.CreatedAt <= To);
            if (CategoryIds is not null)
            {
                tickets = tickets.Where(t => CategoryIds.Contains(t.CategoryId));
            }

            if (Open is { } open)
            {
                tickets = tickets.Where(open ? TicketRules.Open : NotOpen);
            }
        }

        return tickets.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Skip((int)Math.Min((long)(Page - 1) * PageSize, int.MaxValue)).Take(PageSize);
    }

    /// <summary>An ISO 8601 instant; one without an offset is read in the city's zone. A '+' a client forgot to encode arrives as a space and is read as '+'.</summary>
    private static DateTimeOffset? Date(string typed, TimeZoneInfo zone)
    {
        var text = typed.Trim().Replace(' ', '+');
        if (!IsoDate().IsMatch(text))
        {
            return null;
        }

        if (Offset().IsMatch(text))
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset) ? withOffset : null;
        }

        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static bool Number(string? typed, int min, int max, int fallback, out int value)
    {
        value = fallback;
        return typed is null || (int.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$")]
    private static partial Regex Offset();
}
