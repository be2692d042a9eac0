using System.Text;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Intake;

/// <summary>How tickets are described to citizens: /my lists and /status answers.</summary>
public static class TicketReplies
{
    private const int ListLimit = 10;

    public static string StatusName(CultureTexts texts, TicketStatus status) => texts["status." + status.ToString().ToLowerInvariant()];

    public static async Task SendMyTicketsAsync(ITurnContext context, CancellationToken cancellationToken)
    {
        var texts = context.Texts();
        var tickets = await context.Service<ITicketDesk>().ListMyTicketsAsync(cancellationToken);
        if (tickets.Count == 0)
        {
            await Menu.ShowAsync(context, texts["my.none"], cancellationToken);
            return;
        }

        var zone = Zone(context);
        var text = new StringBuilder(texts.Format("my.header", tickets.Count));
        foreach (var ticket in tickets.Take(ListLimit))
        {
            text.Append('\n').Append(ticket.IsOwn
                ? texts.Format("my.line",
                    TrackingCode.Format(ticket.TrackingCode),
                    ticket.CategoryName(texts.Culture),
                    StatusName(texts, ticket.Status),
                    JalaliDate.Format(ticket.CreatedAt, zone, texts.Culture, withTime: false))
                : texts.Format("my.followed", ticket.CategoryName(texts.Culture), StatusName(texts, ticket.Status)));
        }

        if (tickets.Count > ListLimit)
        {
            text.Append('\n').Append(texts.Format("my.more", tickets.Count - ListLimit));
        }

        text.Append("\n\n").Append(texts["my.hint"]);
        await Menu.ShowAsync(context, text.ToString(), cancellationToken);
    }

    /// <summary>The answer to /status CODE; the caller sends it with the way on (the menu, or the question still pending).</summary>
    public static async Task<string> StatusTextAsync(ITurnContext context, string typedCode, CancellationToken cancellationToken)
    {
        var texts = context.Texts();
        if (string.IsNullOrWhiteSpace(typedCode))
        {
            return texts["status.ask"];
        }

        if (!TrackingCode.TryNormalize(typedCode, out var code))
        {
            return texts["status.malformed"];
        }

        var ticket = await context.Service<ITicketDesk>().FindMyTicketAsync(code, cancellationToken);
        if (ticket is null)
        {
            return texts.Format("status.notfound", TrackingCode.Format(code));
        }

        var zone = Zone(context);
        if (!ticket.IsOwn)
        {
            return texts.Format("status.followed", ticket.CategoryName(texts.Culture), StatusName(texts, ticket.Status),
                JalaliDate.Format(ticket.UpdatedAt, zone, texts.Culture));
        }

        var where = ticket.DistrictName(texts.Culture) ?? ticket.AddressText ?? "—";
        return texts.Format("status.detail",
            TrackingCode.Format(ticket.TrackingCode),
            ticket.CategoryName(texts.Culture),
            StatusName(texts, ticket.Status),
            JalaliDate.Format(ticket.CreatedAt, zone, texts.Culture),
            JalaliDate.Format(ticket.UpdatedAt, zone, texts.Culture),
            where,
            Shorten(ticket.Description, 200))
            + (ticket.Status is TicketStatus.Closed or TicketStatus.Resolved && ticket.IsOwn
                ? "\n\n" + texts.Format("reopen.hint", TrackingCode.Format(ticket.TrackingCode), context.Service<IntakeOptions>().ReopenWithinDays)
                : string.Empty);
    }

    public static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static TimeZoneInfo Zone(ITurnContext context) =>
        TimeZoneInfo.FindSystemTimeZoneById(context.Service<IntakeOptions>().TimeZone);
}
