using System.Linq.Expressions;
using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Tickets;

/// <summary>
/// The one definition of "open", "overdue" (response and resolution) and "first response". Each is an expression, so the
/// queue, the digest and the reminders run it in SQL, and the same expression compiled serves one ticket in memory.
/// </summary>
public static class TicketRules
{
    /// <summary>Staff still have work to do on it (the same statuses as <see cref="TicketStatusExtensions.IsOpen"/>).</summary>
    public static readonly Expression<Func<Ticket, bool>> Open =
        t => t.Status == TicketStatus.New || t.Status == TicketStatus.Referred || t.Status == TicketStatus.InProgress;

    /// <summary>Nobody has answered since it became new: no staff reply or visible status change yet.</summary>
    public static readonly Expression<Func<Ticket, bool>> AwaitingResponse =
        t => t.Status == TicketStatus.New && t.FirstResponseAt == null;

    /// <summary>An outside agency holds it: the city's clocks are paused, so nothing about it is overdue or reminded.</summary>
    public static readonly Expression<Func<Ticket, bool>> WithAgency = t => t.AgencySince != null;

    /// <summary>Open and held by the municipality itself: its resolution clock is running.</summary>
    public static readonly Expression<Func<Ticket, bool>> ClockRunning = And(Open, t => t.AgencySince == null);

    private static readonly Expression<Func<Ticket, DateTimeOffset, bool>> ResponseOverdueAt =
        Both(And(AwaitingResponse, t => t.AgencySince == null), (t, now) => t.ResponseDueAt < now);

    private static readonly Expression<Func<Ticket, DateTimeOffset, bool>> ResolutionOverdueAt =
        Both(ClockRunning, (t, now) => t.ResolutionDueAt < now);

    private static readonly Expression<Func<Ticket, DateTimeOffset, bool>> AgencyLateAt =
        Both(And(Open, WithAgency), (t, startOfToday) => t.AgencyExpectedAt < startOfToday);

    private static readonly Expression<Func<Ticket, DateTimeOffset, bool>> OverdueAt = Expression.Lambda<Func<Ticket, DateTimeOffset, bool>>(
        Expression.OrElse(ResponseOverdueAt.Body, Rebind(ResolutionOverdueAt, ResponseOverdueAt.Parameters)), ResponseOverdueAt.Parameters);

    private static readonly Func<Ticket, bool> IsOpenCompiled = Open.Compile();
    private static readonly Func<Ticket, bool> IsAwaitingResponseCompiled = AwaitingResponse.Compile();
    private static readonly Func<Ticket, DateTimeOffset, bool> IsResponseOverdueCompiled = ResponseOverdueAt.Compile();
    private static readonly Func<Ticket, DateTimeOffset, bool> IsResolutionOverdueCompiled = ResolutionOverdueAt.Compile();
    private static readonly Func<Ticket, DateTimeOffset, bool> IsOverdueCompiled = OverdueAt.Compile();
    private static readonly Func<Ticket, bool> IsClockRunningCompiled = ClockRunning.Compile();
    private static readonly Func<Ticket, DateTimeOffset, bool> IsAgencyLateCompiled = AgencyLateAt.Compile();

    /// <summary>The response target has passed unanswered.</summary>
    public static Expression<Func<Ticket, bool>> ResponseOverdue(DateTimeOffset now) => At(ResponseOverdueAt, now);

    /// <summary>Still open after its resolution target.</summary>
    public static Expression<Func<Ticket, bool>> ResolutionOverdue(DateTimeOffset now) => At(ResolutionOverdueAt, now);

    /// <summary>Either target has passed: what the queue's filter, the ticket page and the digest call overdue.</summary>
    public static Expression<Func<Ticket, bool>> Overdue(DateTimeOffset now) => At(OverdueAt, now);

    /// <summary>Held by an outside agency whose expected answer day ended before <paramref name="startOfToday"/> (the start of today in the city's zone).</summary>
    public static Expression<Func<Ticket, bool>> AgencyLate(DateTimeOffset startOfToday) => At(AgencyLateAt, startOfToday);

    public static bool IsOpen(Ticket ticket) => IsOpenCompiled(ticket);

    public static bool IsClockRunning(Ticket ticket) => IsClockRunningCompiled(ticket);

    public static bool IsWithAgency(Ticket ticket) => ticket.AgencySince is not null;

    public static bool IsAgencyLate(Ticket ticket, DateTimeOffset startOfToday) => IsAgencyLateCompiled(ticket, startOfToday);

    public static bool IsAwaitingResponse(Ticket ticket) => IsAwaitingResponseCompiled(ticket);

    public static bool IsResponseOverdue(Ticket ticket, DateTimeOffset now) => IsResponseOverdueCompiled(ticket, now);

    public static bool IsResolutionOverdue(Ticket ticket, DateTimeOffset now) => IsResolutionOverdueCompiled(ticket, now);

    public static bool IsOverdue(Ticket ticket, DateTimeOffset now) => IsOverdueCompiled(ticket, now);

    /// <summary>Whether staff's event counts as the first response: a reply, or a status change the citizen hears other than back to New.</summary>
    public static bool IsResponse(TicketEventKind kind, TicketStatus? to) =>
        kind == TicketEventKind.StaffReply || (kind == TicketEventKind.StatusChange && to is { } status && status != TicketStatus.New);

    public static IQueryable<Ticket> WhereOpen(this IQueryable<Ticket> tickets) => tickets.Where(Open);

    public static IQueryable<Ticket> WhereOverdue(this IQueryable<Ticket> tickets, DateTimeOffset now) => tickets.Where(Overdue(now));

    /// <summary>Binds the instant as a captured value, so EF sends it as a parameter and reuses the query plan.</summary>
    private static Expression<Func<Ticket, bool>> At(Expression<Func<Ticket, DateTimeOffset, bool>> rule, DateTimeOffset now)
    {
        var holder = new Instant(now);
        var value = Expression.Property(Expression.Constant(holder), nameof(Instant.Value));
        var body = new Substitute(rule.Parameters[1], value).Visit(rule.Body);
        return Expression.Lambda<Func<Ticket, bool>>(body, rule.Parameters[0]);
    }

    /// <summary>Two rules on one ticket as one (the second's ticket is the first's).</summary>
    private static Expression<Func<Ticket, bool>> And(Expression<Func<Ticket, bool>> first, Expression<Func<Ticket, bool>> second) =>
        Expression.Lambda<Func<Ticket, bool>>(
            Expression.AndAlso(first.Body, new Substitute(second.Parameters[0], first.Parameters[0]).Visit(second.Body)), first.Parameters);

    /// <summary>A status rule and a time rule as one (the status rule's ticket is the time rule's).</summary>
    private static Expression<Func<Ticket, DateTimeOffset, bool>> Both(Expression<Func<Ticket, bool>> state, Expression<Func<Ticket, DateTimeOffset, bool>> time) =>
        Expression.Lambda<Func<Ticket, DateTimeOffset, bool>>(
            Expression.AndAlso(new Substitute(state.Parameters[0], time.Parameters[0]).Visit(state.Body), time.Body), time.Parameters);

    private static Expression Rebind(Expression<Func<Ticket, DateTimeOffset, bool>> rule, IReadOnlyList<ParameterExpression> to) =>
        new Substitute(rule.Parameters[1], to[1]).Visit(new Substitute(rule.Parameters[0], to[0]).Visit(rule.Body));

    private sealed record Instant(DateTimeOffset Value);

    private sealed class Substitute(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
