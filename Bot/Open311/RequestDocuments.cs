using System.Globalization;
using ChatIntake.Conversations;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Open311;

/// <summary>
/// Tickets as the spec's requests. Only what the public may read: status, the last words the city sent the reporter,
/// the body responsible, dates, place and a signed photo link. Never the citizen (name, phone, chat), staff names or
/// internal notes: nothing here reads the citizen, the staff or a note.
/// </summary>
public sealed class RequestDocuments(IntakeDbContext db, MediaLinks links, LinkGenerator paths, TextCatalog texts, HttpContext http, TimeZoneInfo zone)
{
    /// <summary>The kinds published: problems and suggestions. Complaints and thanks are about people, and stay inside.</summary>
    public static readonly TicketKind[] PublishedKinds = [TicketKind.Problem, TicketKind.Suggestion];

    public async Task<Open311Node.List> WriteAsync(IReadOnlyList<Ticket> tickets, CultureInfo culture, CancellationToken cancellationToken)
    {
        var ids = tickets.Select(t => t.Id).ToList();
        var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken);
        var notes = await StatusNotesAsync(tickets, culture, cancellationToken);
        var photos = await db.Attachments.AsNoTracking()
            .Where(a => ids.Contains(a.TicketId) && a.Kind == AttachmentKinds.Photo && a.StoredPath != null && a.Channel == null)
            .GroupBy(a => a.TicketId).Select(g => new { TicketId = g.Key, Id = g.Min(a => a.Id) })
            .ToDictionaryAsync(x => x.TicketId, x => x.Id, cancellationToken);
        return new Open311Node.List("request", [.. tickets.Select(t => Request(t, categories.GetValueOrDefault(t.CategoryId), notes.GetValueOrDefault(t.Id), photos.GetValueOrDefault(t.Id), culture))]);
    }

    private Open311Node.Fields Request(Ticket ticket, Category? category, string? notes, long photo, CultureInfo culture)
    {
        var persian = culture.TwoLetterISOLanguageName == "fa";
        var agency = ticket.Agency is { } a ? (persian ? a.NameFa : a.NameEn) : ticket.Department ?? category?.Department;
        return Open311Node.Object(
            ("service_request_id", Open311Node.Of(TrackingCode.Format(ticket.TrackingCode))),
            ("status", Open311Node.Of(TicketRules.IsOpen(ticket) ? "open" : "closed")),
            ("status_notes", Open311Node.Of(notes)),
            ("service_name", Open311Node.Of(category is null ? null : persian ? category.NameFa : category.NameEn)),
            ("service_code", Open311Node.Of(category?.Code)),
            ("description", Open311Node.Of(ticket.Description)),
            ("agency_responsible", Open311Node.Of(agency)),
            ("service_notice", null),
            ("requested_datetime", Open311Node.Of(ticket.CreatedAt, zone)),
            ("updated_datetime", Open311Node.Of(ticket.UpdatedAt, zone)),
            ("expected_datetime", Open311Node.Of(ticket.AgencyExpectedAt ?? ticket.ResolutionDueAt, zone)),
            ("address", Open311Node.Of(ticket.AddressText)),
            ("address_id", null),
            ("zipcode", null),
            ("lat", Open311Node.Of(ticket.Latitude)),
            ("long", Open311Node.Of(ticket.Longitude)),
            ("media_url", photo == 0 ? null : Open311Node.Of(MediaUrl(photo))));
    }

    private string MediaUrl(long attachmentId) =>
        paths.GetUriByName(http, Open311Extensions.MediaRoute, new { token = links.Token(attachmentId) })
        ?? throw new InvalidOperationException("The Open311 media route is not mapped.");

    /// <summary>
    /// The last message the city sent each reporter about their ticket (the outbox row to the reporter). A reporter the bot
    /// cannot write to (filed by another system or by phone) gets what they would have heard: the last staff reply, or the
    /// last status notice with the reason staff gave.
    /// </summary>
    private async Task<Dictionary<long, string>> StatusNotesAsync(IReadOnlyList<Ticket> tickets, CultureInfo culture, CancellationToken cancellationToken)
    {
        var ids = tickets.Select(t => t.Id).ToList();
        var lastSent = await db.Outbox.AsNoTracking()
            .Where(o => o.TicketId != null && ids.Contains(o.TicketId.Value))
            .Join(db.Tickets, o => o.TicketId, t => t.Id, (o, t) => new { o.Id, o.TicketId, o.CitizenId, Reporter = t.CitizenId })
            .Where(x => x.CitizenId == x.Reporter)
            .GroupBy(x => x.TicketId!.Value).Select(g => g.Max(x => x.Id))
            .ToListAsync(cancellationToken);
        var notes = new Dictionary<long, string>();
        foreach (var row in await db.Outbox.AsNoTracking().Where(o => lastSent.Contains(o.Id)).Select(o => new { o.TicketId, o.Payload }).ToListAsync(cancellationToken))
        {
            if (ActivityText(row.Payload) is { } text)
            {
                notes[row.TicketId!.Value] = text;
            }
        }

        var unsent = ids.Where(id => !notes.ContainsKey(id)).ToList();
        var lastTold = await db.TicketEvents.AsNoTracking()
            .Where(e => unsent.Contains(e.TicketId) && (e.Kind == TicketEventKind.StaffReply || (e.Kind == TicketEventKind.StatusChange && e.ToStatus != null)))
            .GroupBy(e => e.TicketId).Select(g => g.Max(e => e.Id))
            .ToListAsync(cancellationToken);
        var byId = tickets.ToDictionary(t => t.Id);
        foreach (var told in await db.TicketEvents.AsNoTracking().Where(e => lastTold.Contains(e.Id)).ToListAsync(cancellationToken))
        {
            var code = TrackingCode.Format(byId[told.TicketId].TrackingCode);
            var note = told.Kind == TicketEventKind.StaffReply
                ? texts.Format("notify.reply", culture, code, told.Text)
                : texts.Format("notify.status", culture, code, TicketReplies.StatusName(new CultureTexts(texts, culture), told.ToStatus!.Value));
            notes[told.TicketId] = told.Kind == TicketEventKind.StatusChange && told.ActorKind == ActorKind.Staff && !string.IsNullOrEmpty(told.Text)
                ? texts.Format("notify.reason", culture, note, told.Text)
                : note;
        }

        return notes;
    }

    private static string? ActivityText(string payload)
    {
        try
        {
            return ActivityJson.Deserialize(payload).Text is { Length: > 0 } text ? text : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
