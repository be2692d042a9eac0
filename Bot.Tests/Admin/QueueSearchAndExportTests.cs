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
        // Folded once when stored: what staff type is one quoted prefix per word, with no variants to OR together.
        Assert.Equal("\"کوچه\"* AND \"36\"*", ChatIntake.Tickets.Search.SqliteTicketSearch.MatchQuery("كوچه ۳۶"));
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
