using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using ChatIntake.Staff;
using ChatIntake.Tests.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ChatIntake.Tests.Admin;

/// <summary>A supervisor opens a ticket whose resolution waits for their sign-off, in Persian and in English.</summary>
[Trait("Database", "Any")] // what a browser makes of the pages, run once: their server side runs on both databases in the HTTP tests
public sealed class SignOffBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private AdminHost Host => browser.Host;

    [Fact]
    public async Task The_ticket_page_shows_a_pending_sign_off_with_the_after_photo_and_the_supervisors_choices_in_both_languages()
    {
        var d1 = await Host.DistrictIdAsync("D1");
        await Host.CreateStaffAsync("sob-agent", StaffRole.Agent, districts: [d1]);
        await Host.CreateStaffAsync("sob-super", StaffRole.Supervisor, districts: [d1]);
        using (var admin = await Host.SignInAsync("admin", AdminHost.AdminPassword))
        {
            await using var db = Host.Bot.CreateDbContext();
            var light = await db.Categories.AsNoTracking().SingleAsync(c => c.Code == "lighting");
            await admin.PostFormAsync("/admin/settings/categories", new()
            {
                ["id"] = light.Id.ToString(CultureInfo.InvariantCulture), ["nameFa"] = light.NameFa, ["nameEn"] = light.NameEn, ["department"] = light.Department,
                ["responseHours"] = light.ResponseHours.ToString(CultureInfo.InvariantCulture), ["resolutionHours"] = light.ResolutionHours.ToString(CultureInfo.InvariantCulture),
                ["keywordsFa"] = light.KeywordsFa, ["keywordsEn"] = light.KeywordsEn, ["isActive"] = "true", ["afterPhotoRequired"] = "true", ["signOffRequired"] = "true",
            });
        }

        var (id, _, _) = await Host.FileTicketAsync("sob-citizen", language: "fa", district: "D1");
        var page = $"/admin/tickets/{id}";
        using (var agent = await Host.SignInAsync("sob-agent"))
        {
            await agent.PostFormAsync($"{page}?handler=assign", new() { ["assignee"] = "me" }, page);
            // On the real socket the client follows the redirect back to the page.
            var uploaded = await SignOffTests.UploadAsync(agent, page, StripedPng(480, 300), "after.png");
            Assert.True(uploaded.IsSuccessStatusCode, $"the upload answered {(int)uploaded.StatusCode}");
            await agent.PostFormAsync($"{page}?handler=status", new() { ["status"] = "Resolved", ["Reason"] = "لامپ تعویض شد و تیر رنگ شد." }, page);
        }

        foreach (var language in new[] { "fa", "en" })
        {
            var tab = await browser.SignedInPageAsync("sob-super", AdminHost.StaffPassword, language);
            try
            {
                await tab.GotoAsync(page);
                await Assertions.Expect(tab.Locator(".ticket-head [data-signoff=pending]")).ToBeVisibleAsync();
                await Assertions.Expect(tab.Locator("#completion img.after")).ToBeVisibleAsync();
                await Assertions.Expect(tab.Locator("#signoff button[type=submit]")).ToBeVisibleAsync();
                await Assertions.Expect(tab.Locator("#sendback textarea[name=Reason]")).ToBeVisibleAsync();
                await Assertions.Expect(tab.Locator(".k-SignOffRequested")).ToHaveCountAsync(1);
                await BrowserFixture.ScreenshotAsync(tab, $"ticket-signoff-pending-{language}");
            }
            finally
            {
                await tab.Context.CloseAsync();
            }
        }
    }

    /// <summary>A real photo-sized PNG (diagonal stripes), so the screenshot shows the after photo as staff would see one.</summary>
    private static byte[] StripedPng(int width, int height)
    {
        var raw = new byte[(width * 3 + 1) * height];
        for (var y = 0; y < height; y++)
        {
            var row = y * (width * 3 + 1);
            for (var x = 0; x < width; x++)
            {
                var light = ((x + y) / 24) % 2 == 0;
                raw[row + 1 + (x * 3)] = (byte)(light ? 120 : 60);
                raw[row + 2 + (x * 3)] = (byte)(light ? 170 : 110);
                raw[row + 3 + (x * 3)] = (byte)(light ? 90 : 50);
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typed));
        png.Write(number);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
