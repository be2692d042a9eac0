using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Tests.Admin;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Open311;

/// <summary>GeoReport v2 as its specification writes it: every method in XML and JSON, every error with its status, UTF-8 Persian.</summary>
public sealed class Open311ConformanceTests(Open311Fixture fixture) : IClassFixture<Open311Fixture>
{
    private const string Key = Open311Fixture.Key;

    public static List<KeyValuePair<string, string>> Form(params (string Name, string Value)[] fields) =>
        [.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value))];

    public static List<KeyValuePair<string, string>> Report(string key, string service = "lighting", string? description = null)
    {
        var (lat, lon) = AdminHost.NewPlace();
        return Form(("api_key", key), ("service_code", service), ("lat", lat.ToString(CultureInfo.InvariantCulture)), ("long", lon.ToString(CultureInfo.InvariantCulture)),
            ("description", description ?? "The lamp at the corner has been dark for three nights."));
    }

    [Fact]
    public async Task Discovery_lists_the_v2_endpoint_with_both_formats_in_xml_and_json()
    {
        using var client = fixture.Client();
        var xml = (await client.GetAsync("discovery.xml")).Xml();
        Assert.Equal("discovery", xml.Name.LocalName);
        var endpoint = xml.Element("endpoints")!.Element("endpoint")!;
        Assert.Equal("http://wiki.open311.org/GeoReport_v2", (string?)endpoint.Element("specification"));
        Assert.EndsWith("/open311/v2", (string?)endpoint.Element("url"));
        Assert.Equal(["text/xml", "application/json"], endpoint.Element("formats")!.Elements("format").Select(f => f.Value));
        Assert.Matches(@"[+-]\d\d:\d\d$", (string?)xml.Element("changeset"));

        var json = (await client.GetAsync("discovery.json")).Json();
        Assert.Equal(JsonValueKind.Object, json.ValueKind);
        Assert.Equal("production", json.GetProperty("endpoints")[0].GetProperty("type").GetString());
        Assert.Equal(2, json.GetProperty("endpoints")[0].GetProperty("formats").GetArrayLength());
    }

    [Fact]
    public async Task Services_list_every_category_in_the_asked_language_as_raw_utf8_persian()
    {
        using var client = fixture.Client();
        var categories = fixture.Host.Bot.Service<CategoryCatalog>().All;

        // Default: the city's language (fa in the tests), Persian written as itself, not escaped.
        var fa = await client.GetAsync("services.json");
        Assert.Contains("\"service_name\":\"روشنایی معابر\"", fa.Body);
        var list = fa.Json();
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        Assert.Equal(categories.Select(c => c.Code), list.EnumerateArray().Select(s => s.GetProperty("service_code").GetString()));
        var lighting = list.EnumerateArray().Single(s => s.GetProperty("service_code").GetString() == "lighting");
        Assert.Equal("realtime", lighting.GetProperty("type").GetString());
        Assert.Equal("Street Lighting", lighting.GetProperty("group").GetString());
        Assert.Contains("چراغ خیابان", lighting.GetProperty("keywords").GetString());
        Assert.False(lighting.GetProperty("metadata").GetBoolean());

        var en = (await client.GetAsync("services.xml?locale=en")).Xml();
        Assert.Equal("services", en.Name.LocalName);
        Assert.Equal("Street Lighting", en.Elements("service").Single(s => (string?)s.Element("service_code") == "lighting").Element("service_name")!.Value);

        var accepted = await client.GetAsync("services.xml", acceptLanguage: "en-US,en;q=0.9");
        Assert.Contains("<service_name>Street Lighting</service_name>", accepted.Body);
        var persianXml = await client.GetAsync("services.xml", acceptLanguage: "fa-IR");
        Assert.Contains("<service_name>روشنایی معابر</service_name>", persianXml.Body);
        Assert.Equal("true", persianXml.Xml().Elements("service").Single(s => (string?)s.Element("service_code") == "construction").Element("metadata")!.Value);
    }

    [Fact]
    public async Task A_service_definition_asks_for_the_photo_a_category_requires_and_an_unknown_code_is_404()
    {
        using var client = fixture.Client();
        var json = (await client.GetAsync("services/construction.json?locale=en")).Json();
        Assert.Equal("construction", json.GetProperty("service_code").GetString());
        var photo = json.GetProperty("attributes")[0];
        Assert.Equal("photo", photo.GetProperty("code").GetString());
        Assert.True(photo.GetProperty("required").GetBoolean());
        Assert.True(photo.GetProperty("variable").GetBoolean());
        Assert.Equal("string", photo.GetProperty("datatype").GetString());
        Assert.Equal(1, photo.GetProperty("order").GetInt32());

        var xml = (await client.GetAsync("services/lighting.xml")).Xml();
        Assert.Equal("service_definition", xml.Name.LocalName);
        Assert.Empty(xml.Element("attributes")!.Elements());

        (await client.GetAsync("services/no-such.json")).IsError(HttpStatusCode.NotFound, "no-such");
        (await client.GetAsync("services/no-such.xml")).IsError(HttpStatusCode.NotFound, "no-such");
        (await client.GetAsync("services.csv")).IsError(HttpStatusCode.NotFound, "format");
    }

    [Fact]
    public async Task A_posted_request_is_filed_through_the_workflow_with_the_client_as_its_channel_and_answers_its_id()
    {
        using var client = fixture.Client();
        var posted = await client.PostAsync("requests.json", [.. Report(Key), .. Form(("account_id", "acc-17"))]);
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        var answer = posted.Json()[0];
        var id = answer.GetProperty("service_request_id").GetString()!;
        Assert.Equal("acc-17", answer.GetProperty("account_id").GetString());
        Assert.Contains(id, ChatIntake.Tests.Infrastructure.CitizenDriver.Readable(answer.GetProperty("service_notice").GetString()!)); // Persian isolates the code for display
        Assert.False(answer.TryGetProperty("token", out _));

        await using (var db = fixture.Host.Bot.CreateDbContext())
        {
            Assert.True(TrackingCode.TryNormalize(id, out var code));
            var ticket = await db.Tickets.Include(t => t.Events).SingleAsync(t => t.TrackingCode == code);
            Assert.Equal("open311:fixmystreet", ticket.Channel);
            Assert.Equal(TicketStatus.New, ticket.Status);
            Assert.NotNull(ticket.ResponseDueAt);
            Assert.NotNull(ticket.ResolutionDueAt);
            Assert.NotNull(ticket.DistrictId);
            Assert.Equal(TicketStatus.New, Assert.Single(ticket.Events).ToStatus);
            Assert.True(await db.Audit.AnyAsync(a => a.Action == "open311-request" && a.TicketId == ticket.Id && a.StaffName == "open311:fixmystreet"));
        }

        var xml = await client.PostAsync("requests.xml", Report(Key, "waste", "کیسه‌های زباله از دیروز کنار جوی مانده‌اند."));
        var request = xml.Xml();
        Assert.Equal("service_requests", request.Name.LocalName);
        Assert.Matches("^[A-Z0-9]{4}-[A-Z0-9]{4}$", (string?)request.Element("request")!.Element("service_request_id"));
        Assert.Contains("دریافت شد", (string?)request.Element("request")!.Element("service_notice"));
    }

    [Fact]
    public async Task Every_posting_error_is_the_specs_error_list_with_its_status_in_both_formats()
    {
        using var client = fixture.Client();
        foreach (var format in new[] { "json", "xml" })
        {
            var path = $"requests.{format}";
            (await client.PostAsync(path, Report(Key).Where(f => f.Key != "api_key"))).IsError(HttpStatusCode.Forbidden, "api_key");
            (await client.PostAsync(path, [.. Report(Key).Where(f => f.Key != "api_key"), .. Form(("api_key", "not-a-key-at-all"))])).IsError(HttpStatusCode.Forbidden, "api_key");
            (await client.PostAsync(path, Report(Key, "no-such-service"))).IsError(HttpStatusCode.BadRequest, "service_code");
            (await client.PostAsync(path, Report(Key).Where(f => f.Key != "service_code"))).IsError(HttpStatusCode.BadRequest, "service_code is required");
            (await client.PostAsync(path, Report(Key).Where(f => f.Key is not ("lat" or "long")))).IsError(HttpStatusCode.BadRequest, "location is required");
            (await client.PostAsync(path, Form(("api_key", Key), ("service_code", "lighting"), ("lat", "48.8584"), ("long", "2.2945")))).IsError(HttpStatusCode.BadRequest, "outside the service area");
            (await client.PostAsync(path, Form(("api_key", Key), ("service_code", "lighting"), ("lat", "north"), ("long", "51.3")))).IsError(HttpStatusCode.BadRequest, "WGS84");
            (await client.PostAsync(path, Report(Key, "construction"))).IsError(HttpStatusCode.BadRequest, "attribute[photo] is required");
            (await client.PostAsync(path, Report(Key, description: "Dark <script>alert(1)</script>"))).IsError(HttpStatusCode.BadRequest, "plain text");
            (await client.PostAsync(path, Report(Key, description: new string('x', 4001)))).IsError(HttpStatusCode.BadRequest, "4000");
            // An optional argument sent empty means the same as one not sent.
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(path, [.. Report(Key), .. Form(("email", ""), ("media_url", ""), ("address_string", ""))])).Status);
        }

        var notForm = await client.Http.PostAsync(GeoReportClient.Root + "requests.json", new StringContent($"{{\"api_key\":\"{Key}\"}}", System.Text.Encoding.UTF8, "application/json"));
        (await GeoReportClient.Answer.ReadAsync(notForm)).IsError(HttpStatusCode.Forbidden, "api_key");
        var notFormWithKey = await client.Http.PostAsync(GeoReportClient.Root + $"requests.json?api_key={Key}", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        (await GeoReportClient.Answer.ReadAsync(notFormWithKey)).IsError(HttpStatusCode.BadRequest, "x-www-form-urlencoded");
    }

    [Fact]
    public async Task A_request_by_address_alone_is_filed_and_an_address_id_is_kept_as_the_reference()
    {
        using var client = fixture.Client();
        var byAddress = await client.PostAsync("requests.json", Form(("api_key", Key), ("service_code", "pothole"), ("address_string", "خیابان آزادی، نبش کوچه ۱۲"),
            ("description", "چاله بزرگ وسط خیابان")));
        Assert.Equal(HttpStatusCode.OK, byAddress.Status);
        var id = byAddress.Json()[0].GetProperty("service_request_id").GetString()!;
        var read = (await client.GetAsync($"requests/{id}.json")).Json()[0];
        Assert.Equal("خیابان آزادی، نبش کوچه ۱۲", read.GetProperty("address").GetString());
        Assert.Equal(JsonValueKind.Null, read.GetProperty("lat").ValueKind);

        var byId = await client.PostAsync("requests.xml", Form(("api_key", Key), ("service_code", "pothole"), ("address_id", "PARCEL-88121")));
        var code = (string)byId.Xml().Element("request")!.Element("service_request_id")!;
        Assert.Equal("address_id PARCEL-88121", (string?)(await client.GetAsync($"requests/{code}.xml")).Xml().Element("request")!.Element("address"));
    }

    [Fact]
    public async Task A_request_reads_back_by_id_in_both_formats_with_zoned_datetimes_and_an_unknown_id_is_404()
    {
        using var client = fixture.Client();
        var id = (await client.PostAsync("requests.json", Report(Key, "drainage", "آب جوی بالا آمده و پیاده‌رو را گرفته است."))).Json()[0].GetProperty("service_request_id").GetString()!;
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");

        var json = (await client.GetAsync($"requests/{id}.json")).Json();
        Assert.Equal(JsonValueKind.Array, json.ValueKind);
        var request = json[0];
        Assert.Equal(id, request.GetProperty("service_request_id").GetString());
        Assert.Equal("open", request.GetProperty("status").GetString());
        Assert.Equal("drainage", request.GetProperty("service_code").GetString());
        Assert.Equal("آب‌های سطحی و جوی", request.GetProperty("service_name").GetString());
        Assert.Equal("آب جوی بالا آمده و پیاده‌رو را گرفته است.", request.GetProperty("description").GetString());
        Assert.Equal("Water & Drains", request.GetProperty("agency_responsible").GetString());
        Assert.Equal(JsonValueKind.Number, request.GetProperty("lat").ValueKind);
        foreach (var field in new[] { "requested_datetime", "updated_datetime", "expected_datetime" })
        {
            var text = request.GetProperty(field).GetString()!;
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$", text);
            var instant = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
            Assert.Equal(zone.GetUtcOffset(instant), instant.Offset);
        }

        var xml = (await client.GetAsync($"requests/{id}.xml?locale=en")).Xml();
        Assert.Equal("service_requests", xml.Name.LocalName);
        Assert.Equal("Surface Water & Drains", (string?)xml.Element("request")!.Element("service_name"));
        Assert.Contains("<description>آب جوی بالا آمده و پیاده‌رو را گرفته است.</description>", (await client.GetAsync($"requests/{id}.xml")).Body);

        (await client.GetAsync("requests/ZZZZ-ZZZZ.json")).IsError(HttpStatusCode.NotFound, "ZZZZ-ZZZZ");
        (await client.GetAsync("requests/not-a-code.xml")).IsError(HttpStatusCode.NotFound, "not-a-code");
    }

    [Fact]
    public async Task Requests_filter_by_ids_which_override_the_rest_and_by_service_status_and_page()
    {
        using var client = fixture.Client();
        var first = (await client.PostAsync("requests.json", Report(Key, "parks"))).Json()[0].GetProperty("service_request_id").GetString()!;
        var second = (await client.PostAsync("requests.json", Report(Key, "parks"))).Json()[0].GetProperty("service_request_id").GetString()!;

        var byIds = (await client.GetAsync($"requests.json?service_request_id={first},{second}&service_code=waste&status=closed")).Json();
        Assert.Equal([second, first], byIds.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()));

        var parks = (await client.GetAsync("requests.json?service_code=parks")).Json();
        Assert.All(parks.EnumerateArray(), r => Assert.Equal("parks", r.GetProperty("service_code").GetString()));
        Assert.Contains(parks.EnumerateArray(), r => r.GetProperty("service_request_id").GetString() == first);

        Assert.Empty((await client.GetAsync("requests.json?service_code=parks&status=closed")).Json().EnumerateArray());
        Assert.Equal(parks.GetArrayLength(), (await client.GetAsync("requests.json?service_code=parks&status=open")).Json().GetArrayLength());
        Assert.Equal(parks.GetArrayLength(), (await client.GetAsync("requests.json?service_code=parks&status=open,closed")).Json().GetArrayLength());

        var page1 = (await client.GetAsync("requests.json?service_code=parks&page_size=1")).Json();
        var page2 = (await client.GetAsync("requests.xml?service_code=parks&page_size=1&page=2")).Xml();
        Assert.Equal(second, Assert.Single(page1.EnumerateArray()).GetProperty("service_request_id").GetString());
        Assert.Equal(first, (string?)Assert.Single(page2.Elements("request")).Element("service_request_id"));

        (await client.GetAsync("requests.json?status=pending")).IsError(HttpStatusCode.BadRequest, "status");
        (await client.GetAsync("requests.xml?service_code=no-such")).IsError(HttpStatusCode.BadRequest, "no-such");
        (await client.GetAsync("requests.json?page_size=1001")).IsError(HttpStatusCode.BadRequest, "page_size");
        (await client.GetAsync("requests.json?page=0")).IsError(HttpStatusCode.BadRequest, "page");
        (await client.GetAsync("requests.json?service_request_id=nope!")).IsError(HttpStatusCode.BadRequest, "nope!");
        (await client.GetAsync("requests.json?start_date=yesterday")).IsError(HttpStatusCode.BadRequest, "start_date");
        (await client.GetAsync("requests.xml?jurisdiction_id=city.example")).Xml();
    }

    [Fact]
    public async Task A_media_url_is_fetched_as_a_photo_and_read_back_through_a_signed_link()
    {
        using var client = fixture.Client();
        var posted = await client.PostAsync("requests.json", [.. Report(Key, "construction"), .. Form(("media_url", fixture.Media.Url("/photo.png").ToString()))]);
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        var id = posted.Json()[0].GetProperty("service_request_id").GetString()!;
        await using (var db = fixture.Host.Bot.CreateDbContext())
        {
            Assert.True(TrackingCode.TryNormalize(id, out var code));
            var file = await db.Attachments.SingleAsync(a => db.Tickets.Any(t => t.Id == a.TicketId && t.TrackingCode == code));
            Assert.Equal("image/png", file.ContentType);
            Assert.Equal(MediaServer.Png.Length, file.Size);
            Assert.NotNull(file.StoredPath);
        }

        var link = (await client.GetAsync($"requests/{id}.json")).Json()[0].GetProperty("media_url").GetString()!;
        Assert.StartsWith("http", link);
        var photo = await client.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal("image/png", photo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(MediaServer.Png, await photo.Content.ReadAsByteArrayAsync());
        Assert.Contains("sandbox", photo.Headers.GetValues("Content-Security-Policy").Single());
        var forged = link[..^4] + (link.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync(forged)).StatusCode);

        // The photo attribute carries the picture as well as media_url does.
        var byAttribute = await client.PostAsync("requests.xml", [.. Report(Key, "construction"), .. Form(("attribute[photo]", fixture.Media.Url("/photo.png").ToString()))]);
        Assert.Equal(HttpStatusCode.OK, byAttribute.Status);
    }

    [Fact]
    public async Task A_media_url_that_is_no_picture_too_large_too_slow_or_not_http_is_refused_with_400()
    {
        using var client = fixture.Client();
        async Task<GeoReportClient.Answer> With(string url) => await client.PostAsync("requests.json", [.. Report(Key), .. Form(("media_url", url))]);
        (await With(fixture.Media.Url("/page.html").ToString())).IsError(HttpStatusCode.BadRequest, "not a JPEG, PNG, WebP or GIF");
        (await With(fixture.Media.Url("/disguised.png").ToString())).IsError(HttpStatusCode.BadRequest, "not a JPEG, PNG, WebP or GIF");
        (await With(fixture.Media.Url("/big.png").ToString())).IsError(HttpStatusCode.BadRequest, $"larger than {Open311Fixture.MaxMediaBytes} bytes");
        (await With(fixture.Media.Url("/slow.png").ToString())).IsError(HttpStatusCode.BadRequest, "did not answer within 5 seconds");
        (await With(fixture.Media.Url("/missing.png").ToString())).IsError(HttpStatusCode.BadRequest, "HTTP 404");
        (await With("file:///etc/passwd")).IsError(HttpStatusCode.BadRequest, "http or https");
        (await With("ftp://example.com/a.png")).IsError(HttpStatusCode.BadRequest, "http or https");
        (await With("a picture of the lamp")).IsError(HttpStatusCode.BadRequest, "http or https");
    }

    [Fact]
    public async Task A_jurisdiction_this_endpoint_does_not_serve_is_404()
    {
        var host = AdminHost.With(new Dictionary<string, string?> { ["Open311:JurisdictionId"] = "city.example" });
        await host.InitializeAsync();
        try
        {
            using var client = new GeoReportClient(host.Bot.CreateClient());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("services.json?jurisdiction_id=city.example")).Status);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("services.json")).Status);
            (await client.GetAsync("services.xml?jurisdiction_id=other.example")).IsError(HttpStatusCode.NotFound, "jurisdiction_id");
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
