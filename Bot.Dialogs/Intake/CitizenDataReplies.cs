using System.Text;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Intake;

/// <summary>/mydata: what is held about the citizen as a readable message, with the full copy attached as a JSON file.</summary>
public static class CitizenDataReplies
{
    private const int ListLimit = 20;

    public static async Task SendMyDataAsync(ITurnContext context, CancellationToken cancellationToken)
    {
        var texts = context.Texts();
        var data = await context.Service<ICitizenDataDesk>().DescribeAsync(cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(context.Service<IntakeOptions>().TimeZone);
        var none = texts["mydata.none"];
        var text = new StringBuilder(texts["mydata.header"]).Append('\n')
            .Append(texts.Format("mydata.name", data.Name ?? none)).Append('\n')
            .Append(texts.Format("mydata.phone", data.Phone ?? none)).Append('\n')
            .Append(texts.Format("mydata.language", data.Language == "fa" ? "فارسی" : "English")).Append('\n')
            .Append(texts.Format("mydata.channels", string.Join(texts.Culture.TwoLetterISOLanguageName == "fa" ? "، " : ", ", data.Channels.Select(c => ChannelName(texts, c))))).Append('\n')
            .Append(texts.Format("mydata.since", JalaliDate.Format(data.Since, zone, texts.Culture, withTime: false)));
        text.Append("\n\n").Append(data.Tickets.Count == 0 ? texts["mydata.tickets.none"] : texts.Format("mydata.tickets", data.Tickets.Count));
        foreach (var ticket in data.Tickets.Take(ListLimit))
        {
            text.Append('\n').Append(texts.Format("mydata.ticket",
                TrackingCode.Format(ticket.TrackingCode),
                texts.Culture.TwoLetterISOLanguageName == "fa" ? ticket.CategoryNameFa : ticket.CategoryNameEn,
                TicketReplies.StatusName(texts, ticket.Status),
                JalaliDate.Format(ticket.CreatedAt, zone, texts.Culture, withTime: false),
                ticket.Messages));
            if (ticket.Rating is { } rating)
            {
                text.Append(texts.Format("mydata.rating", rating));
            }
        }

        if (data.Tickets.Count > ListLimit)
        {
            text.Append('\n').Append(texts.Format("my.more", data.Tickets.Count - ListLimit));
        }

        if (data.FollowedTickets > 0)
        {
            text.Append("\n\n").Append(texts.Format("mydata.followed", data.FollowedTickets));
        }

        text.Append("\n\n").Append(texts["mydata.footer"]);
        await context.SendAsync(Activity.Message(text.ToString()), cancellationToken);
        await context.SendAsync(new Activity
        {
            Text = texts["mydata.file"],
            Attachments = [new ActivityAttachment(AttachmentKinds.Document, data.FileReference, "application/json", null, data.FileName)],
        }, cancellationToken);
    }

    /// <summary>A messenger as people call it; one this catalog does not name is shown as the product stores it.</summary>
    private static string ChannelName(CultureTexts texts, string channel) =>
        channel is "telegram" or "bale" or "webchat" ? texts["mydata.channel." + channel] : channel;
}
