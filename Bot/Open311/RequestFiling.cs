using System.Globalization;
using System.Text.RegularExpressions;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Staff;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Open311;

/// <summary>
/// POST requests: checks the spec's arguments and files the ticket through <see cref="TicketWorkflow.File"/>, the same
/// operation as the bot's and the phone form's intake, so it enters the same queue with the same targets and follow-ups.
/// The reporter is a citizen of the client's channel (open311:name), known by the contact fields the client sent.
/// </summary>
public sealed partial class RequestFiling(
    IntakeDbContext db,
    TicketWorkflow workflow,
    CategoryCatalog categories,
    ServiceArea serviceArea,
    TrackingCodeGenerator codes,
    MediaFetcher media,
    IntakeOptions intake,
    TextCatalog texts,
    WriteGate writeGate,
    IHttpContextAccessor http,
    TimeProvider time,
    ILogger<RequestFiling> logger)
{
    public const int MaxDescriptionLength = 4000;

    /// <summary>The filed ticket, or the reasons (each a 400 error) it was not filed.</summary>
    public async Task<(Ticket? Ticket, IReadOnlyList<string> Errors)> FileAsync(IFormCollection form, Open311Client client, CultureInfo culture, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        string? Arg(string name) => Open311Call.Value(http.HttpContext!.Request, form, name);

        var code = Arg("service_code");
        var category = code is null ? null : categories.Find(code);
        if (code is null)
        {
            errors.Add("service_code is required.");
        }
        else if (category is null)
        {
            errors.Add($"Unknown service_code '{code}'.");
        }

        var (point, address, districtId) = Location(Arg("lat"), Arg("long"), Arg("address_string"), Arg("address_id"), culture, errors);

        var description = PersianText.Clean(Arg("description"));
        if (description.Length > MaxDescriptionLength)
        {
            errors.Add($"description is {description.Length} characters long; at most {MaxDescriptionLength} are taken.");
        }
        else if (Markup().IsMatch(description))
        {
            errors.Add("description must be plain text, without HTML.");
        }

        var mediaUrl = Arg("media_url") ?? Arg($"attribute[{ServiceDocuments.PhotoAttribute}]");
        foreach (var required in category is null ? [] : ServiceDocuments.RequiredAttributes(category))
        {
            if (Arg($"attribute[{required}]") is null && !(required == ServiceDocuments.PhotoAttribute && mediaUrl is not null))
            {
                errors.Add($"attribute[{required}] is required for service '{category!.Code}' (a photo may come as media_url).");
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        (string Path, string Type, long Size)? photo = null;
        if (mediaUrl is not null)
        {
            try
            {
                photo = await media.FetchAsync(mediaUrl, cancellationToken);
            }
            catch (MediaRefusedException refused)
            {
                return (null, [refused.Message]);
            }
        }

        var now = time.GetUtcNow();
        var citizen = await ReporterAsync(form, client, culture, now, cancellationToken);
        var filed = workflow.File(null, citizen, category!,
            new TicketDraft(codes.NewCode(), client.Channel, description, districtId, point, address), TicketActor.Citizen(citizen.Id), now);
        var ticket = filed.Ticket;
        if (photo is { } p)
        {
            var file = new Attachment
            {
                ChannelFileId = "open311:" + Path.GetFileNameWithoutExtension(p.Path),
                Kind = AttachmentKinds.Photo,
                ContentType = p.Type,
                Size = p.Size,
                StoredPath = p.Path,
                CreatedAt = now,
            };
            ticket.Events[0].Attachments.Add(file);
            ticket.Attachments.Add(file);
        }

        db.Tickets.Add(ticket);
        var audit = new AuditEntry
        {
            StaffName = client.Channel,
            Action = "open311-request",
            Detail = $"{TrackingCode.Format(ticket.TrackingCode)} ({category!.Code}) by {client.Name}",
            RemoteAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            CreatedAt = now,
        };
        db.Audit.Add(audit);
        await workflow.CommitAsync(db, cancellationToken, filed with { Audit = audit });
        logger.LogInformation("Open311 client {Client} filed ticket {TicketId} ({Service})", client.Name, ticket.Id, category.Code);
        return (ticket, []);
    }

    private (GeoPoint? Point, string? Address, int? DistrictId) Location(string? lat, string? lon, string? addressString, string? addressId, CultureInfo culture, List<string> errors)
    {
        string? address = null;
        if (addressString is not null)
        {
            if (IntakeRules.CheckAddress(addressString, intake, new CultureTexts(texts, culture), out var cleaned) is { } problem)
            {
                errors.Add("address_string: " + problem);
            }

            address = cleaned;
        }
        else if (addressId is not null)
        {
            // No address register here: the client's reference is kept as the address staff read.
            var reference = PersianText.Clean(addressId);
            if (reference.Length > 200)
            {
                errors.Add("address_id is too long (at most 200 characters).");
            }

            address = "address_id " + reference;
        }

        if (lat is null && lon is null)
        {
            if (address is null && addressString is null && addressId is null)
            {
                errors.Add("A location is required: lat and long, address_string or address_id.");
            }

            return (null, address, null);
        }

        if (!double.TryParse(lat, NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude) ||
            !double.TryParse(lon, NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude) ||
            !new GeoPoint(latitude, longitude).IsValid)
        {
            errors.Add("lat and long must both be WGS84 decimal degrees (e.g. lat=35.70&long=51.35).");
            return (null, address, null);
        }

        var point = new GeoPoint(latitude, longitude);
        if (serviceArea.Locate(point) is not { InServiceArea: true } area)
        {
            errors.Add("The location is outside the service area.");
            return (null, address, null);
        }

        return (point, address, area.DistrictId);
    }

    /// <summary>The reporter as the client knows them: by account_id, else email, else phone, else device_id; else a new one-off citizen.</summary>
    private async Task<Citizen> ReporterAsync(IFormCollection form, Open311Client client, CultureInfo culture, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string? Arg(string name) => Open311Call.Value(http.HttpContext!.Request, form, name) is { } v ? Limit(PersianText.Clean(v), 200) : null;
        var phone = Arg("phone") is { } typed ? Limit(PersianText.ToAsciiDigits(typed), 32) : null;
        var known = Arg("account_id") is { } account ? "account:" + account
            : Arg("email") is { } email ? "email:" + email.ToLowerInvariant()
            : phone is not null ? "phone:" + phone
            : Arg("device_id") is { } device ? "device:" + device
            : "once:" + Guid.NewGuid().ToString("N");
        known = Limit(known, 64);

        var citizen = await db.Citizens.FirstOrDefaultAsync(c => c.Channel == client.Channel && c.ExternalUserId == known, cancellationToken);
        if (citizen is null)
        {
            citizen = new Citizen { Channel = client.Channel, ExternalUserId = known, Language = culture.TwoLetterISOLanguageName, CreatedAt = now };
            db.Citizens.Add(citizen);
        }

        var name = string.Join(' ', new[] { Arg("first_name"), Arg("last_name") }.Where(n => n is not null));
        citizen.Name = name.Length > 0 ? Limit(name, 200) : citizen.Name;
        citizen.Phone = phone ?? citizen.Phone;
        // Saved first, so the ticket's first event names its reporter by id like the bot's.
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return citizen;
    }

    private static string Limit(string text, int length) => text.Length > length ? text[..length] : text;

    [GeneratedRegex(@"<\s*[a-zA-Z/!?]")]
    private static partial Regex Markup();
}
