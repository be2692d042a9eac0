using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Jobs;
using ChatIntake.Staff;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Tests.Tickets;

/// <summary>Completion verified before Resolved: a category's after photo and supervisor sign-off, from the panel and from a field worker's chat.</summary>
public sealed partial class SignOffTests : IAsyncLifetime
{
    /// <summary>The smallest PNG: one transparent pixel.</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private readonly AdminHost _host = AdminHost.WithClock(new Dictionary<string, string?> { ["FollowUps:Interval"] = "01:00:00" });

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task An_agent_cannot_resolve_a_sign_off_category_alone_it_waits_for_a_supervisor_in_scope()
    {
        await SetRulesAsync("lighting", afterPhoto: false, signOff: true);
        var d1 = await _host.DistrictIdAsync("D1");
        await _host.CreateStaffAsync("so-agent", StaffRole.Agent, districts: [d1]);
        await _host.CreateStaffAsync("so-super", StaffRole.Supervisor, districts: [d1]);
        var supervisorChat = await LinkAsync("so-super", "so-super-chat", "en");
        var (id, _, citizen) = await _host.FileTicketAsync("so-citizen-1", district: "D1");

        using var agent = await _host.SignInAsync("so-agent");
        var page = $"/admin/tickets/{id}";
        var asked = await agent.PostFormAsync($"{page}?handler=status", new() { ["status"] = "Resolved", ["Reason"] = "Lamp replaced." }, page);
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);

        await using (var db = _host.Bot.CreateDbContext())
        {
            var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
            Assert.NotEqual(TicketStatus.Resolved, ticket.Status);
            Assert.NotNull(ticket.SignOffRequestedAt);
            Assert.True(await db.TicketEvents.AnyAsync(e => e.TicketId == id && e.Kind == TicketEventKind.SignOffRequested && e.ActorKind == ActorKind.Staff));
            Assert.True(await db.Audit.AnyAsync(a => a.TicketId == id && a.Action == "signoff-request"));
        }

        Assert.Contains("data-signoff=\"pending\"", await agent.GetPageAsync(page));
        var queue = await agent.GetPageAsync("/admin?signoff=true");
        Assert.Matches($"href=\"/admin/tickets/{id}(\\?in=[^\"]*)?\"", queue); // queue links carry their view
        Assert.Contains("waits for your sign-off", await WaitForAsync(supervisorChat.ChatId, "sign-off"));
        Assert.DoesNotContain(_host.Bot.Channel.DeliveredTo(citizen.ChatId), a => a.Text?.Contains("Resolved", StringComparison.Ordinal) == true);

        // Asking the workflow directly is refused the same way: the rule lives there, not in the page.
        await using (var db = _host.Bot.CreateDbContext())
        {
            var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
            var me = await db.Staff.SingleAsync(s => s.UserName == "so-agent");
            var refused = await Assert.ThrowsAsync<TicketRefusedException>(() =>
                _host.Bot.Service<TicketWorkflow>().ResolveAsync(db, ticket, TicketActor.Staff(me), null, DateTimeOffset.UnixEpoch, CancellationToken.None));
            Assert.Equal(TicketRefusal.SignOffRequired, refused.Reason);
        }
    }

    [Fact]
    public async Task A_supervisor_of_another_district_cannot_sign_it_off_and_one_in_scope_resolves_it()
    {
        await SetRulesAsync("lighting", afterPhoto: false, signOff: true);
        var d1 = await _host.DistrictIdAsync("D1");
        await _host.CreateStaffAsync("so2-agent", StaffRole.Agent, districts: [d1]);
        await _host.CreateStaffAsync("so2-super", StaffRole.Supervisor, districts: [d1]);
        await _host.CreateStaffAsync("so2-other", StaffRole.Supervisor, districts: [await _host.DistrictIdAsync("D2")]);
        var (id, code, citizen) = await _host.FileTicketAsync("so-citizen-2", district: "D1");
        var page = $"/admin/tickets/{id}";
        using (var agent = await _host.SignInAsync("so2-agent"))
        {
            await agent.PostFormAsync($"{page}?handler=status", new() { ["status"] = "Resolved" }, page);
        }

        using (var other = await _host.SignInAsync("so2-other"))
        {
            var refused = await other.PostFormAsync($"{page}?handler=signoff", new(), "/admin");
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        await using (var db = _host.Bot.CreateDbContext())
        {
            var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
            Assert.NotNull(ticket.SignOffRequestedAt);
            var other = await db.Staff.SingleAsync(s => s.UserName == "so2-other");
            var refused = await Assert.ThrowsAsync<TicketRefusedException>(() =>
                _host.Bot.Service<TicketWorkflow>().SignOffAsync(db, ticket, TicketActor.Staff(other), null, DateTimeOffset.UnixEpoch, CancellationToken.None));
            Assert.Equal(TicketRefusal.SignOffRequired, refused.Reason);
        }

        using (var supervisor = await _host.SignInAsync("so2-super"))
        {
            Assert.Contains("id=\"signoff\"", await supervisor.GetPageAsync(page));
            Assert.Equal(HttpStatusCode.Redirect, (await supervisor.PostFormAsync($"{page}?handler=signoff", new(), page)).StatusCode);
        }

        await using (var db = _host.Bot.CreateDbContext())
        {
            var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
            Assert.Equal(TicketStatus.Resolved, ticket.Status);
            Assert.Null(ticket.SignOffRequestedAt);
            Assert.True(await db.TicketEvents.AnyAsync(e => e.TicketId == id && e.Kind == TicketEventKind.SignedOff));
        }

        Assert.Contains(TrackingCode.Format(code), await WaitForAsync(citizen.ChatId, "Resolved"));
    }

    [Fact]
    public async Task A_send_back_needs_a_reason_and_reaches_the_agent_with_it_and_the_thread_shows_it()
    {
        await SetRulesAsync("lighting", afterPhoto: false, signOff: true);
        var d1 = await _host.DistrictIdAsync("D1");
        await _host.CreateStaffAsync("so3-agent", StaffRole.Agent, districts: [d1]);
        await _host.CreateStaffAsync("so3-super", StaffRole.Supervisor, districts: [d1]);
        var agentChat = await LinkAsync("so3-agent", "so3-agent-chat", "fa");
        var (id, _, _) = await _host.FileTicketAsync("so-citizen-3", district: "D1");
        var page = $"/admin/tickets/{id}";
        using (var agent = await _host.SignInAsync("so3-agent"))
        {
            await agent.PostFormAsync($"{page}?handler=status", new() { ["status"] = "Resolved" }, page);
        }

        using var supervisor = await _host.SignInAsync("so3-super");
        var empty = await supervisor.PostFormAsync($"{page}?handler=sendback", new() { ["Reason"] = "  " }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Contains("دلیل الزامی است", await empty.Content.ReadAsStringAsync());

        const string reason = "The pole on the other side is still dark; fix both lamps.";
        Assert.Equal(HttpStatusCode.Redirect, (await supervisor.PostFormAsync($"{page}?handler=sendback", new() { ["Reason"] = reason }, page)).StatusCode);
        Assert.Contains(reason, await WaitForAsync(agentChat.ChatId, "fix both lamps"));
        var html = await supervisor.GetPageAsync(page);
        Assert.Contains("k-SentBack", html);
        Assert.Contains(WebUtility.HtmlEncode(reason), html);
        Assert.DoesNotContain("data-signoff=\"pending\"", html);
        await using var db = _host.Bot.CreateDbContext();
        var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
        Assert.Null(ticket.SignOffRequestedAt);
        Assert.True(ticket.Status.IsOpen());
    }

    [Fact]
    public async Task The_after_photo_is_required_refused_when_not_an_image_and_reaches_the_citizen_with_the_resolution_and_the_survey()
    {
        await SetRulesAsync("lighting", afterPhoto: true, signOff: false);
        var (id, code, citizen) = await _host.FileTicketAsync("so-citizen-4", district: "D1");
        var page = $"/admin/tickets/{id}";
        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);

        var early = await admin.PostFormAsync($"{page}?handler=status", new() { ["status"] = "Resolved" }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        Assert.Contains("عکس پس از انجام کار لازم دارد", await early.Content.ReadAsStringAsync());

        var svg = await UploadAsync(admin, page, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8.ToArray(), "after.png");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, svg.StatusCode);
        Assert.Contains("این پرونده عکس نیست", await svg.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(admin, page, Png, "after.png")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"{page}?handler=status", new() { ["status"] = "Resolved" }, page)).StatusCode);

        string reference;
        await using (var db = _host.Bot.CreateDbContext())
        {
            var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
            Assert.Equal(TicketStatus.Resolved, ticket.Status);
            reference = TicketFileReference.For(id, ticket.AfterPhotoFileId!);
        }

        await WaitForAsync(citizen.ChatId, "Resolved");
        var told = _host.Bot.Channel.DeliveredTo(citizen.ChatId).Last(a => a.Text?.Contains("Resolved", StringComparison.Ordinal) == true);
        var photo = Assert.Single(told.Attachments);
        Assert.Equal(AttachmentKinds.Photo, photo.Kind);
        Assert.Equal(reference, photo.FileId);
        var kept = await _host.Bot.Service<TicketFiles>().FindAsync(photo.FileId, CancellationToken.None);
        Assert.Equal(Png, await File.ReadAllBytesAsync(kept!.StoredFile!));
        Assert.Equal("image/png", kept.ContentType);

        _host.Clock!.Advance(_host.Bot.Service<IOptions<FollowUpOptions>>().Value.SurveyAfter + TimeSpan.FromMinutes(1));
        Assert.True((await _host.Bot.Service<FollowUpSweep>().RunAsync(CancellationToken.None)).Surveys >= 1);
        await WaitForAsync(citizen.ChatId, TrackingCode.Format(code));
        var survey = _host.Bot.Channel.DeliveredTo(citizen.ChatId).Last(a => a.SuggestedActions.Count > 0 || a.Text?.Contains("fixed", StringComparison.OrdinalIgnoreCase) == true);
        Assert.Equal(reference, Assert.Single(survey.Attachments).FileId);
    }

    [Fact]
    public async Task Done_with_a_photo_from_a_linked_staff_chat_attaches_it_and_asks_for_sign_off_and_others_are_refused()
    {
        await SetRulesAsync("lighting", afterPhoto: true, signOff: true);
        var d1 = await _host.DistrictIdAsync("D1");
        await _host.CreateStaffAsync("so5-field", StaffRole.Agent, districts: [d1]);
        await _host.CreateStaffAsync("so5-far", StaffRole.Agent, districts: [await _host.DistrictIdAsync("D2")]);
        var worker = await LinkAsync("so5-field", "so5-field-chat", "en");
        var far = await LinkAsync("so5-far", "so5-far-chat", "en");
        var (id, code, citizen) = await _host.FileTicketAsync("so-citizen-5", district: "D1");
        var shown = TrackingCode.Format(code);

        await worker.SaysAsync("/done " + shown);
        Assert.Contains("send the photo of the finished work", worker.LastText);
        await citizen.SendAsync(new Activity { Text = "/done " + shown, Attachments = [new ActivityAttachment(AttachmentKinds.Photo, "citizen-photo", "image/jpeg", 100)] });
        Assert.Contains("for city staff", citizen.LastText);
        await far.SendAsync(new Activity { Text = "/done " + shown, Attachments = [new ActivityAttachment(AttachmentKinds.Photo, "far-photo", "image/jpeg", 100)] });
        Assert.Contains("no report", far.LastText);

        await worker.SendAsync(new Activity { Text = "/done " + code.ToLowerInvariant(), Attachments = [new ActivityAttachment(AttachmentKinds.Photo, "field-photo-1", "image/jpeg", 2048)] });
        Assert.Contains("waits for a supervisor", worker.LastText);

        await using var db = _host.Bot.CreateDbContext();
        var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
        Assert.Equal("field-photo-1", ticket.AfterPhotoFileId);
        Assert.NotNull(ticket.SignOffRequestedAt);
        Assert.NotEqual(TicketStatus.Resolved, ticket.Status);
        var file = await db.Attachments.SingleAsync(a => a.TicketId == id && a.ChannelFileId == "field-photo-1");
        Assert.Equal(TestChannel.ChannelName, file.Channel);
        var field = await db.Staff.SingleAsync(s => s.UserName == "so5-field");
        Assert.True(await db.TicketEvents.AnyAsync(e => e.TicketId == id && e.Kind == TicketEventKind.AfterPhotoAdded && e.ActorKind == ActorKind.Staff && e.ActorId == field.Id));
        Assert.False(await db.Attachments.AnyAsync(a => a.ChannelFileId == "citizen-photo" || a.ChannelFileId == "far-photo"));
    }

    /// <summary>Sets a category's completion rules through the categories page, as an administrator would.</summary>
    private async Task SetRulesAsync(string categoryCode, bool afterPhoto, bool signOff)
    {
        Category category;
        await using (var db = _host.Bot.CreateDbContext())
        {
            category = await db.Categories.AsNoTracking().SingleAsync(c => c.Code == categoryCode);
        }

        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        var fields = new Dictionary<string, string>
        {
            ["id"] = category.Id.ToString(CultureInfo.InvariantCulture), ["nameFa"] = category.NameFa, ["nameEn"] = category.NameEn, ["department"] = category.Department,
            ["responseHours"] = category.ResponseHours.ToString(CultureInfo.InvariantCulture), ["resolutionHours"] = category.ResolutionHours.ToString(CultureInfo.InvariantCulture),
            ["keywordsFa"] = category.KeywordsFa, ["keywordsEn"] = category.KeywordsEn, ["isActive"] = "true",
        };
        if (category.PhotoRequired)
        {
            fields["photoRequired"] = "true";
        }

        if (afterPhoto)
        {
            fields["afterPhotoRequired"] = "true";
        }

        if (signOff)
        {
            fields["signOffRequired"] = "true";
        }

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/settings/categories", fields)).StatusCode);
    }

    /// <summary>Posts the after photo form with a file, as the browser does (multipart, with the page's antiforgery token).</summary>
    public static async Task<HttpResponseMessage> UploadAsync(StaffClient staff, string page, byte[] bytes, string fileName)
    {
        var token = StaffClient.TokenIn(await staff.GetPageAsync(page));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(bytes), "photo", fileName },
        };
        return await staff.Http.PostAsync($"{page}?handler=afterphoto", form);
    }

    private async Task<CitizenDriver> LinkAsync(string userName, string chatId, string language)
    {
        using (var staff = await _host.SignInAsync(userName))
        {
            await staff.PostFormAsync("/admin/account?handler=link", [], "/admin/account");
            var code = LinkCode().Match(await staff.GetPageAsync("/admin/account")).Groups[1].Value;
            var chat = _host.Bot.Citizen(chatId, language);
            await chat.SaysAsync("/link " + code);
            return chat;
        }
    }

    private async Task<string> WaitForAsync(string chatId, string text)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _host.Bot.WaitForOutboxAsync(chatId, cancel.Token);
        return _host.Bot.Channel.DeliveredTo(chatId).Last(a => a.Text?.Contains(text, StringComparison.Ordinal) == true).Text!;
    }

    [GeneratedRegex(@"/link ([2-9A-Z]{10})")]
    private static partial Regex LinkCode();
}
