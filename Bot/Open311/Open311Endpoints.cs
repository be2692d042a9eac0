using ChatIntake.Data;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Open311;

/// <summary>The GeoReport v2 methods; each checks the call (<see cref="Open311Call"/>) first and answers in the format its path names.</summary>
internal static class Open311Endpoints
{
    /// <summary>The version of this endpoint's behaviour, as discovery's changeset.</summary>
    private static readonly DateTimeOffset Changeset = new(2026, 12, 3, 0, 0, 0, TimeSpan.FromHours(3.5));

    public static async Task<IResult> DiscoveryAsync(HttpContext context, string format, IOptions<Open311Options> options, CancellationToken cancellationToken)
    {
        var call = await Open311Call.CheckAsync(context, format, keyRequired: false, null, cancellationToken);
        if (call.Refusal is not null)
        {
            return call.Refusal;
        }

        var changeset = Open311Node.Of(Changeset, TimeZoneInfo.Utc);
        var url = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/open311/v2";
        return Open311Writer.Result(call.Format, "discovery", Open311Node.Object(
            ("changeset", changeset),
            ("contact", Open311Node.Of(options.Value.Contact)),
            ("key_service", Open311Node.Of(options.Value.KeyService)),
            ("endpoints", new Open311Node.List("endpoint",
            [
                Open311Node.Object(
                    ("specification", Open311Node.Of("http://wiki.open311.org/GeoReport_v2")),
                    ("url", Open311Node.Of(url)),
                    ("changeset", changeset),
                    ("type", Open311Node.Of("production")),
                    ("formats", new Open311Node.List("format", [new Open311Node.Text("text/xml"), new Open311Node.Text("application/json")]))),
            ]))));
    }

    public static async Task<IResult> ServicesAsync(HttpContext context, string format, CategoryCatalog categories, TextCatalog texts, CancellationToken cancellationToken)
    {
        var call = await Open311Call.CheckAsync(context, format, keyRequired: false, null, cancellationToken);
        return call.Refusal ?? Open311Writer.Result(call.Format, "services",
            new Open311Node.List("service", [.. categories.All.Select(c => ServiceDocuments.Service(categories.Find(c.Code)!, call.Culture, texts))]));
    }

    public static async Task<IResult> ServiceAsync(HttpContext context, string code, string format, CategoryCatalog categories, TextCatalog texts, CancellationToken cancellationToken)
    {
        var call = await Open311Call.CheckAsync(context, format, keyRequired: false, null, cancellationToken);
        if (call.Refusal is not null)
        {
            return call.Refusal;
        }

        return categories.Find(code) is { } category
            ? Open311Writer.Result(call.Format, "service_definition", ServiceDocuments.Definition(category, call.Culture, texts))
            : Open311Errors.Result(call.Format, StatusCodes.Status404NotFound, $"Unknown service_code '{code}'.");
    }

    public static async Task<IResult> FileAsync(HttpContext context, string format, RequestFiling filing, IntakeOptions intake, TextCatalog texts, CancellationToken cancellationToken)
    {
        IFormCollection form;
        try
        {
            form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(cancellationToken) : FormCollection.Empty;
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
        {
            return Open311Errors.Result(FormatOf(format), StatusCodes.Status400BadRequest, "The body is not a readable application/x-www-form-urlencoded form.");
        }

        var call = await Open311Call.CheckAsync(context, format, keyRequired: true, form, cancellationToken);
        if (call.Refusal is not null)
        {
            return call.Refusal;
        }

        if (!context.Request.HasFormContentType)
        {
            return Open311Errors.Result(call.Format, StatusCodes.Status400BadRequest, "Send the arguments as application/x-www-form-urlencoded; charset=utf-8.");
        }

        var (ticket, errors) = await filing.FileAsync(form, call.Client!, call.Culture, cancellationToken);
        if (ticket is null)
        {
            return Open311Errors.Result(call.Format, StatusCodes.Status400BadRequest, [.. errors]);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(intake.TimeZone);
        var code = TrackingCode.Format(ticket.TrackingCode);
        var due = ticket.ResponseDueAt is { } d ? JalaliDate.Format(d, zone, call.Culture) : "—";
        return Open311Writer.Result(call.Format, "service_requests", new Open311Node.List("request",
        [
            Open311Node.Object(
                ("service_request_id", Open311Node.Of(code)),
                ("service_notice", Open311Node.Of(texts.Format("open311.notice", call.Culture, code, due))),
                ("account_id", Open311Node.Of(Open311Call.Value(context.Request, form, "account_id")))),
        ]));
    }

    public static async Task<IResult> RequestsAsync(HttpContext context, string format, IntakeDbContext db, CategoryCatalog categories, IntakeOptions intake,
        MediaLinks links, LinkGenerator paths, TimeProvider time, CancellationToken cancellationToken)
    {
        var call = await Open311Call.CheckAsync(context, format, keyRequired: false, null, cancellationToken);
        if (call.Refusal is not null)
        {
            return call.Refusal;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(intake.TimeZone);
        var (query, error) = RequestQuery.Parse(name => Open311Call.Value(context.Request, null, name), categories, zone, time.GetUtcNow());
        if (query is null)
        {
            return Open311Errors.Result(call.Format, StatusCodes.Status400BadRequest, error!);
        }

        var tickets = await query.Apply(db.Tickets.AsNoTracking().Include(t => t.Agency)).ToListAsync(cancellationToken);
        var documents = new RequestDocuments(db, links, paths, context.RequestServices.GetRequiredService<TextCatalog>(), context, zone);
        return Open311Writer.Result(call.Format, "service_requests", await documents.WriteAsync(tickets, call.Culture, cancellationToken));
    }

    public static async Task<IResult> RequestAsync(HttpContext context, string id, string format, IntakeDbContext db, IntakeOptions intake,
        MediaLinks links, LinkGenerator paths, CancellationToken cancellationToken)
    {
        var call = await Open311Call.CheckAsync(context, format, keyRequired: false, null, cancellationToken);
        if (call.Refusal is not null)
        {
            return call.Refusal;
        }

        var ticket = TrackingCode.TryNormalize(id, out var code)
            ? await db.Tickets.AsNoTracking().Include(t => t.Agency)
                .Where(t => t.TrackingCode == code && RequestDocuments.PublishedKinds.Contains(t.Kind)).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (ticket is null)
        {
            return Open311Errors.Result(call.Format, StatusCodes.Status404NotFound, $"No request '{id}'.");
        }

        var documents = new RequestDocuments(db, links, paths, context.RequestServices.GetRequiredService<TextCatalog>(), context, TimeZoneInfo.FindSystemTimeZoneById(intake.TimeZone));
        return Open311Writer.Result(call.Format, "service_requests", await documents.WriteAsync([ticket], call.Culture, cancellationToken));
    }

    /// <summary>A request's photo through its signed link: the stored file only, served inert like every citizen file.</summary>
    public static async Task<IResult> MediaAsync(string token, MediaLinks links, IntakeDbContext db, AttachmentStore store, HttpResponse response, CancellationToken cancellationToken)
    {
        if (links.Read(token) is not { } id)
        {
            return Results.NotFound();
        }

        var file = await db.Attachments.AsNoTracking()
            .Where(a => a.Id == id && a.StoredPath != null && db.Tickets.Any(t => t.Id == a.TicketId && RequestDocuments.PublishedKinds.Contains(t.Kind)))
            .FirstOrDefaultAsync(cancellationToken);
        return file is not null && store.FullPath(file.StoredPath!) is { } path && File.Exists(path)
            ? await CitizenFileResponse.ServeAsync(response, path, null, cancellationToken)
            : Results.NotFound();
    }

    private static Open311Format FormatOf(string format) => string.Equals(format, "json", StringComparison.OrdinalIgnoreCase) ? Open311Format.Json : Open311Format.Xml;
}
