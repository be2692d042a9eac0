using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ChatIntake.Admin.Queue;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Tickets;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Admin;

/// <summary>The queue's text search (the FTS index with Persian folding) and its CSV export, on tickets filed through the product.</summary>
public sealed partial class QueueSearchAndExportTests : IAsyncLifetime
{
    private readonly AdminHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Search_finds_Persian_text_typed_with_Arabic_letters_digits_diacritics_and_by_code()
    {
        var (_, code, _) = await _host.FileTicketAsync("search-fa", language: "fa", description: "درخت‌های کاج کوچه نسترن پلاک ۴۷۱۹ افتاده‌اند و راه بسته است.");
        await _host.FileTicketAsync("search-other", language: "fa", description: "چراغ خیابان لاله پلاک ۹۹ خاموش است و کوچه تاریک است.");
        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);

        async Task<List<string>> Codes(string q) =>
            [.. RowCode().Matches(await admin.GetPageAsync("/admin?q=" + Uri.EscapeDataString(q))).Select(m => m.Groups[1].Value)];

        Assert.Equal([code], await Codes("نسترن"));
        Assert.Equal([code], await Codes("پلاك ٤٧١٩")); // Arabic kaf and Arabic-Indic digits
        Assert.Equal([code], await Codes("4719"));
        Assert.Equal([code], await Codes("كاج نستر")); // Arabic kaf; the last word as a prefix
        Assert.Equal([code], await Codes("نَسْتَرَن")); // with harakat
        Assert.Equal([code], await Codes("درخت ها")); // typed without the ZWNJ
        Assert.Equal([code], await Codes(TrackingCode.Format(code).ToLowerInvariant()));
        Assert.Equal([code], await Codes(PersianText.ToPersianDigits(code)));
        Assert.Empty(await Codes("نسترن لاله"));
        Assert.Empty(await Codes("\"*:()"));
    }

    [Fact]
    public async Task A_number_stored_in_one_digit_script_is_found_typed_in_another_with_one_term_per_word()
    {
        var (_, ascii, _) = await _host.FileTicketAsync("digits-ascii", language: "fa", description: "تیر برق کوچه 5821 کج شده است.");
        var (_, arabic, _) = await _host.FileTicketAsync("digits-arabic", language: "fa", description: "جوی آب کوچه ٣٦٠٩ گرفته است.");
        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);

        async Task<List<string>> Codes(string q) =>
            [.. RowCode().Matches(await admin.GetPageAsync("/admin?q=" + Uri.EscapeDataString(q))).Select(m => m.Groups[1].Value)];

        Assert.Equal([ascii], await Codes("۵۸۲۱"));
        Assert.Equal([ascii], await Codes("٥٨٢١"));
        Assert.Equal([arabic], await Codes("۳۶۰۹"));
        Assert.Equal([arabic], await Codes("3609"));
        Assert.Equal([arabic], await Codes("كوچه 36")); // Arabic kaf, and the number as a prefix
        // Folded once when stored: what staff type is one term per word, with no folding variants to OR together.
        Assert.Equal("'کوچه':* & '36':*", ChatIntake.Tickets.Search.PostgresTicketSearch.MatchQuery("كوچه ۳۶"));
    }

    [Fact]
    public async Task A_note_added_through_the_workflow_is_found_by_the_search_at_once()
    {
        var (id, code, _) = await _host.FileTicketAsync("search-note", description: "The bench in the square is broken and unsafe.");
        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        Assert.Empty(RowCode().Matches(await admin.GetPageAsync("/admin?q=" + Uri.EscapeDataString("پیمانکار زاگرس"))));

        await admin.PostFormAsync($"/admin/tickets/{id}?handler=note", new() { ["text"] = "با پیمانکار زاگرس هماهنگ شد." }, $"/admin/tickets/{id}");

        var found = RowCode().Matches(await admin.GetPageAsync("/admin?q=" + Uri.EscapeDataString("پيمانكار زاگرس"))).Select(m => m.Groups[1].Value);
        Assert.Equal([code], found);
    }

    [Fact]
    public async Task Csv_export_round_trips_Persian_text_with_both_dates_and_neutralises_formulas()
    {
        var (_, code, _) = await _host.FileTicketAsync("csv-fa", language: "fa", description: "=HYPERLINK(\"http://evil.example\") چراغ‌های کوچه یاس خاموش است");
        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);

        using var response = await admin.GetAsync("/admin?handler=csv&q=" + Uri.EscapeDataString(code));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/csv", response.Content.Headers.ContentType?.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);

        var rows = ReadCsv(bytes);
        Assert.Equal(2, rows.Count);
        var header = rows[0];
        var row = rows[1];
        string Field(string name) => row[Array.IndexOf(header, name)];
        Assert.Equal(TrackingCode.Format(code), Field("code"));
        Assert.Equal("'=HYPERLINK(\"http://evil.example\") چراغ‌های کوچه یاس خاموش است", Field("description"));
        Assert.Equal("روشنایی معابر", Field("category"));
        var created = DateTimeOffset.Parse(Field("created_iso"), CultureInfo.InvariantCulture);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
        var local = TimeZoneInfo.ConvertTime(created, zone).DateTime;
        var jalali = new PersianCalendar();
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{jalali.GetYear(local):0000}/{jalali.GetMonth(local):00}/{jalali.GetDayOfMonth(local):00} {local.Hour:00}:{local.Minute:00}"),
            Field("created_jalali"));
    }

    [Fact]
    public async Task Csv_export_is_refused_to_agents()
    {
        await _host.CreateStaffAsync("csv-agent", ChatIntake.Staff.StaffRole.Agent, ["Street Lighting"]);
        using var agent = await _host.SignInAsync("csv-agent");
        using var response = await agent.GetAsync("/admin?handler=csv");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("text/csv", response.Content.Headers.ContentType?.ToString() ?? "");
    }

    [Fact]
    public async Task Csv_export_writes_rows_while_it_is_still_reading_them()
    {
        const int count = 300;
        const string marker = "جریانآزمون";
        await using (var db = _host.Bot.CreateDbContext())
        {
            var workflow = _host.Bot.Service<TicketWorkflow>();
            var codes = _host.Bot.Service<TrackingCodeGenerator>();
            var category = await db.Categories.FirstAsync(c => c.Code == "lighting");
            var citizen = new Citizen { Channel = "phone", ExternalUserId = "09150000300", Language = "fa", CreatedAt = _host.Bot.Service<TimeProvider>().GetUtcNow() };
            db.Citizens.Add(citizen);
            await db.SaveChangesAsync();
            var text = marker + " " + string.Concat(Enumerable.Repeat("چراغ خیابان خاموش است و کوچه تاریک است. ", 40));
            for (var i = 0; i < count; i++)
            {
                var change = workflow.File(db, citizen, category, new TicketDraft(codes.NewCode(), "phone", text, null, null, null), TicketActor.Citizen(citizen.Id), _host.Bot.Service<TimeProvider>().GetUtcNow());
                db.Tickets.Add(change.Ticket);
            }

            await db.SaveChangesAsync();
        }

        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        var export = _host.Bot.Service<QueueCsv>();
        var before = export.RowsRead;
        using var response = await admin.Http.GetAsync("/admin?handler=csv&q=" + Uri.EscapeDataString(marker), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body, Encoding.UTF8);
        Assert.StartsWith("code,", await reader.ReadLineAsync());
        Assert.NotNull(await reader.ReadLineAsync());

        // ~400 KB of rows: the response's buffer holds a small part, so the export waits for this reader before reading on.
        var readWhileWriting = export.RowsRead - before;
        Assert.InRange(readWhileWriting, 1, count - 1);

        var rest = 0;
        while (await reader.ReadLineAsync() is not null)
        {
            rest++;
        }

        Assert.Equal(count - 1, rest);
        Assert.Equal(count, export.RowsRead - before);
    }

    [Fact]
    public async Task Csv_export_of_a_filtered_queue_has_exactly_its_rows_in_order_with_every_column()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
        var tehran = TimeSpan.FromHours(3.5);
        // Either side of a local midnight, then a day later: each row's Jalali date must be its own local day's.
        DateTimeOffset[] filed = [new(2026, 11, 30, 23, 59, 0, tehran), new(2026, 12, 1, 0, 1, 0, tehran), new(2026, 12, 2, 12, 30, 0, tehran)];
        int lightingId;
        string adminName;
        var wasteCodes = new List<string>();
        await using (var db = _host.Bot.CreateDbContext())
        {
            var workflow = _host.Bot.Service<TicketWorkflow>();
            var codes = _host.Bot.Service<TrackingCodeGenerator>();
            var lighting = await db.Categories.FirstAsync(c => c.Code == "lighting");
            var waste = await db.Categories.FirstAsync(c => c.Code != "lighting");
            var district = await db.Districts.OrderBy(d => d.Id).FirstAsync();
            var admin = await db.Staff.FirstAsync(s => s.UserName == "admin");
            lightingId = lighting.Id;
            adminName = admin.DisplayName;
            var citizen = new Citizen { Channel = "phone", ExternalUserId = "09150000301", Language = "fa", CreatedAt = filed[0] };
            db.Citizens.Add(citizen);
            await db.SaveChangesAsync();
            for (var i = 0; i < filed.Length; i++)
            {
                var draft = i == 1
                    ? new TicketDraft(codes.NewCode(), "phone", "شکایت از تاخیر، با ویرگول", district.Id, null, "-۱۲ کوچه یاس", TicketKind.Complaint, "Citizen Services")
                    : new TicketDraft(codes.NewCode(), "phone", $"چراغ شماره {i} خاموش است", null, null, null);
                var ticket = workflow.File(db, citizen, lighting, draft, TicketActor.Citizen(citizen.Id), filed[i]).Ticket;
                ticket.Satisfaction = i == 2 ? 4 : null;
                ticket.AssigneeId = i == 0 ? admin.Id : null;
                db.Tickets.Add(ticket);
                var other = workflow.File(db, citizen, waste, new TicketDraft(codes.NewCode(), "phone", "زباله جمع نشده", null, null, null), TicketActor.Citizen(citizen.Id), filed[i].AddMinutes(1)).Ticket;
                db.Tickets.Add(other);
                wasteCodes.Add(TrackingCode.Format(other.TrackingCode));
            }

            await db.SaveChangesAsync();
        }

        using var client = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        using var response = await client.GetAsync($"/admin?handler=csv&sort=oldest&category={lightingId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = ReadCsv(await response.Content.ReadAsByteArrayAsync());

        string[] header =
        [
            "code", "status", "kind", "priority", "category", "department", "district", "assignee", "channel", "created_jalali", "created_iso",
            "updated_jalali", "updated_iso", "response_due_jalali", "response_due_iso", "resolution_due_jalali", "resolution_due_iso",
            "first_response_jalali", "first_response_iso", "resolved_jalali", "resolved_iso", "closed_jalali", "closed_iso", "satisfaction", "agency",
            "address", "description",
        ];
        Assert.Equal(header, rows[0]);
        List<string[]> expected;
        await using (var db = _host.Bot.CreateDbContext())
        {
            var categories = await db.Categories.ToDictionaryAsync(c => c.Id);
            var districts = await db.Districts.ToDictionaryAsync(d => d.Id, d => d.NameFa);
            var staff = await db.Staff.ToDictionaryAsync(s => s.Id, s => s.DisplayName);
            var tickets = (await db.Tickets.Where(t => t.CategoryId == lightingId).ToListAsync()).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).ToList();
            expected = tickets.Select(t => (string[])
            [
                TrackingCode.Format(t.TrackingCode), t.Status.ToString(), t.Kind.ToString(), t.Priority.ToString(), categories[t.CategoryId].NameFa,
                t.Department ?? categories[t.CategoryId].Department, t.DistrictId is { } d ? districts[d] : "", t.AssigneeId is { } a ? staff[a] : "", t.Channel,
                .. Dates(t.CreatedAt), .. Dates(t.UpdatedAt), .. Dates(t.ResponseDueAt), .. Dates(t.ResolutionDueAt), .. Dates(t.FirstResponseAt),
                .. Dates(t.ResolvedAt), .. Dates(t.ClosedAt), t.Satisfaction?.ToString(CultureInfo.InvariantCulture) ?? "", "",
                t.AddressText is { } address ? "'" + address : "", // the only address starts with '-', which a spreadsheet would compute
                t.Description,
            ]).ToList();
        }

        Assert.Equal(expected, rows[1..]);
        Assert.DoesNotContain(rows, r => wasteCodes.Contains(r[0]));
        Assert.Equal(["1405/09/09 23:59", "1405/09/10 00:01", "1405/09/11 12:30"], rows[^3..].Select(r => r[9]));
        Assert.Equal([adminName, "", ""], rows[^3..].Select(r => r[7]));
        Assert.Equal(["", "", "4"], rows[^3..].Select(r => r[23]));

        string[] Dates(DateTimeOffset? at)
        {
            if (at is not { } instant)
            {
                return ["", ""];
            }

            var local = TimeZoneInfo.ConvertTime(instant, zone);
            var jalali = new PersianCalendar();
            return
            [
                string.Create(CultureInfo.InvariantCulture, $"{jalali.GetYear(local.DateTime):0000}/{jalali.GetMonth(local.DateTime):00}/{jalali.GetDayOfMonth(local.DateTime):00} {local.Hour:00}:{local.Minute:00}"),
                local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ];
        }
    }

    private static List<string[]> ReadCsv(byte[] bytes)
    {
        // After the BOM, which the caller checked itself.
        using var csv = CsvReader.Create(bytes[3..], new CsvReaderOptions { HasHeader = false });
        var rows = new List<string[]>();
        foreach (var row in csv)
        {
            rows.Add(row.ToArray());
        }

        return rows;
    }

    [GeneratedRegex("data-code=\"([A-Z0-9]+)\"")]
    private static partial Regex RowCode();
}
