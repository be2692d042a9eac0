using ChatIntake.Dialogs.Intake;
using ChatIntake.Tests.Infrastructure;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Dialogs;

/// <summary>Each kind of report (problem, complaint, suggestion, thanks) from the first question to the ticket, in Persian and in English.</summary>
public sealed class KindTranscriptTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private BotApplicationFactory Bot => fixture.Bot;

    private static string Say(string language, string fa, string en) => language == "fa" ? fa : en;

    [Theory]
    [InlineData("fa")]
    [InlineData("en")]
    public async Task Free_text_at_the_first_question_is_a_problem_with_both_due_times(string language)
    {
        var citizen = Bot.Citizen("kind-problem-" + language, language);
        await citizen.SaysAsync("/new");
        Assert.Contains(Say(language, "شکایت، پیشنهاد یا قدردانی", "a complaint, a suggestion or a word of thanks"), citizen.LastText);
        Assert.Equal(Say(language, "🙏 قدردانی", "🙏 Thanks"), citizen.Buttons[^1]);

        await citizen.SaysAsync(Say(language, "یک چاله بزرگ وسط خیابان", "there is a big pothole"));
        Assert.Contains(Say(language, "موضوع: آسفالت و چاله", "Subject: Asphalt & Potholes"), citizen.LastText);
        var (latitude, longitude) = Admin.AdminHost.NewPlace("D1");
        await citizen.SharesLocationAsync(latitude, longitude);
        await citizen.SaysAsync(Say(language, "چاله‌ای عمیق جلوی مدرسه باز شده و خودروها آسیب می‌بینند.", "A deep pothole opened in front of the school and damages cars."));
        await citizen.PressesAsync(Say(language, "رد شدن", "Skip"));
        Assert.DoesNotContain(Say(language, "نوع:", "Kind:"), citizen.LastText);
        await citizen.PressesAsync(Say(language, "ثبت گزارش", "Submit"));
        Assert.Contains(Say(language, "گزارش شما ثبت شد", "Your report is registered"), citizen.LastText);
        citizen.SaveTranscript("kind-problem-" + language);

        var ticket = await LastTicketAsync(citizen);
        Assert.Equal(TicketKind.Problem, ticket.Kind);
        Assert.NotNull(ticket.ResponseDueAt);
        Assert.NotNull(ticket.ResolutionDueAt);
    }

    [Theory]
    [InlineData("fa")]
    [InlineData("en")]
    public async Task A_complaint_about_a_district_skips_the_location_and_is_routed_there(string language)
    {
        var citizen = Bot.Citizen("kind-complaint-" + language, language);
        await citizen.SaysAsync("/start");
        await citizen.PressesAsync(Say(language, "ثبت گزارش", "New report"));
        await citizen.PressesAsync(Say(language, "شکایت", "Complaint"));
        Assert.Contains(Say(language, "شکایت شما درباره کدام خدمت است؟", "Which service is your complaint about?"), citizen.LastText);
        Assert.DoesNotContain(citizen.Buttons, b => b.Contains(Say(language, "قدردانی", "Thanks"), StringComparison.Ordinal));

        await citizen.PressesAsync(Say(language, "زباله", "Waste"));
        Assert.Contains(Say(language, "یک محل مشخص است یا درباره یکی از واحدها یا مناطق", "a particular place, or about a department or district"), citizen.LastText);

        await citizen.PressesAsync(Say(language, "واحد یا منطقه", "department or district"));
        Assert.Contains(Say(language, "منطقه ۲", "District 2"), citizen.Buttons);
        Assert.Contains(Say(language, "واحد جمع‌آوری زباله", "Waste Management department"), citizen.Buttons);

        await citizen.PressesAsync(Say(language, "منطقه ۲", "District 2"));
        Assert.Contains(Say(language, "مخاطب: منطقه ۲", "Addressed to: District 2"), citizen.LastText);
        Assert.Contains(Say(language, "لطفاً شکایت خود را شرح دهید", "Please describe your complaint"), citizen.LastText);

        await citizen.SaysAsync(Say(language,
            "مأمور جمع‌آوری زباله دیروز صبح با ساکنان کوچه با بی‌احترامی رفتار کرد و سطل‌ها را وسط کوچه رها کرد.",
            "The waste collector was rude to the neighbours yesterday morning and left the bins in the middle of the lane."));
        await citizen.PressesAsync(Say(language, "رد شدن", "Skip"));
        Assert.Contains(Say(language, "• نوع: شکایت", "• Kind: Complaint"), citizen.LastText);
        Assert.Contains(Say(language, "• مخاطب: منطقه ۲", "• Addressed to: District 2"), citizen.LastText);

        await citizen.PressesAsync(Say(language, "ثبت گزارش", "Submit"));
        Assert.Contains(Say(language, "گزارش شما ثبت شد", "Your report is registered"), citizen.LastText);
        Assert.Contains(Say(language, "پاسخ اولیه حداکثر تا", "You will get a first answer by"), citizen.LastText);
        citizen.SaveTranscript("kind-complaint-" + language);

        var ticket = await LastTicketAsync(citizen);
        Assert.Equal(TicketKind.Complaint, ticket.Kind);
        Assert.Equal(await DistrictAsync("D2"), ticket.DistrictId);
        Assert.Null(ticket.Latitude);
        Assert.Null(ticket.AddressText);
        Assert.NotNull(ticket.ResponseDueAt);
        Assert.NotNull(ticket.ResolutionDueAt);
    }

    [Theory]
    [InlineData("fa")]
    [InlineData("en")]
    public async Task A_suggestion_at_a_place_gets_a_response_time_and_no_resolution_time(string language)
    {
        var citizen = Bot.Citizen("kind-suggestion-" + language, language);
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync(Say(language, "پیشنهاد", "Suggestion"));
        Assert.Contains(Say(language, "پیشنهاد شما درباره چیست؟", "What is your suggestion about?"), citizen.LastText);

        await citizen.PressesAsync(Say(language, "پارک", "Parks"));
        Assert.Contains(Say(language, "کجاست؟", "Where is it?"), citizen.LastText);

        var (latitude, longitude) = Admin.AdminHost.NewPlace("D1");
        await citizen.SharesLocationAsync(latitude, longitude);
        Assert.Contains(Say(language, "لطفاً پیشنهاد خود را بنویسید", "Please write your suggestion"), citizen.LastText);

        await citizen.SaysAsync(Say(language, "لطفاً در این پارک چند نیمکت و یک آبخوری برای سالمندان نصب کنید.", "Please put a few benches and a drinking fountain in this park for older people."));
        await citizen.PressesAsync(Say(language, "رد شدن", "Skip"));
        Assert.Contains(Say(language, "• نوع: پیشنهاد", "• Kind: Suggestion"), citizen.LastText);
        await citizen.PressesAsync(Say(language, "ثبت گزارش", "Submit"));
        Assert.Contains(Say(language, "گزارش شما ثبت شد", "Your report is registered"), citizen.LastText);
        Assert.Contains(Say(language, "پاسخ اولیه حداکثر تا", "You will get a first answer by"), citizen.LastText);
        citizen.SaveTranscript("kind-suggestion-" + language);

        var ticket = await LastTicketAsync(citizen);
        Assert.Equal(TicketKind.Suggestion, ticket.Kind);
        Assert.NotNull(ticket.ResponseDueAt);
        Assert.Null(ticket.ResolutionDueAt);
        Assert.NotNull(ticket.Latitude);
    }

    [Theory]
    [InlineData("fa")]
    [InlineData("en")]
    public async Task Thanks_to_a_department_is_thanked_back_and_routed_there_without_due_times(string language)
    {
        var citizen = Bot.Citizen("kind-thanks-" + language, language);
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync(Say(language, "قدردانی", "Thanks"));
        Assert.Contains(Say(language, "از کدام خدمت می‌خواهید قدردانی کنید؟", "Which service would you like to thank?"), citizen.LastText);

        await citizen.PressesAsync(Say(language, "روشنایی", "Light"));
        Assert.Contains(Say(language, "قدردانی شما برای کاری در یک محل مشخص است", "Is your thanks for work at a particular place"), citizen.LastText);
        await citizen.PressesAsync(Say(language, "واحد یا منطقه", "department or district"));
        await citizen.PressesAsync(Say(language, "واحد روشنایی معابر", "Street Lighting department"));
        Assert.Contains(Say(language, "لطفاً پیام قدردانی خود را بنویسید", "Please write your thanks"), citizen.LastText);

        await citizen.SaysAsync(Say(language, "از همکاران روشنایی که چراغ‌های کوچه ما را در یک روز تعمیر کردند سپاسگزارم.", "Thank you to the lighting crew who fixed all the lamps in our lane within a day."));
        await citizen.PressesAsync(Say(language, "رد شدن", "Skip"));
        Assert.Contains(Say(language, "• نوع: قدردانی", "• Kind: Thanks"), citizen.LastText);
        Assert.Contains(Say(language, "• مخاطب: واحد روشنایی معابر", "• Addressed to: Street Lighting department"), citizen.LastText);

        await citizen.PressesAsync(Say(language, "ثبت گزارش", "Submit"));
        Assert.Contains(Say(language, "سپاسگزاریم! قدردانی شما ثبت شد و به واحد روشنایی معابر رسانده می‌شود.", "Thank you! Your words of thanks are recorded and will be passed on to Street Lighting department."), citizen.LastText);
        Assert.DoesNotContain(Say(language, "پاسخ اولیه", "first answer"), citizen.LastText);
        citizen.SaveTranscript("kind-thanks-" + language);

        var ticket = await LastTicketAsync(citizen);
        Assert.Equal(TicketKind.Appreciation, ticket.Kind);
        Assert.Equal("Street Lighting", ticket.Department);
        Assert.Null(ticket.ResponseDueAt);
        Assert.Null(ticket.ResolutionDueAt);
    }

    [Theory]
    [InlineData("fa")]
    [InlineData("en")]
    public async Task Thanks_for_work_at_a_place_is_passed_on_to_the_places_district(string language)
    {
        var citizen = Bot.Citizen("kind-thanks-place-" + language, language);
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync(Say(language, "قدردانی", "Thanks"));
        await citizen.PressesAsync(Say(language, "روشنایی", "Light"));
        await citizen.PressesAsync(Say(language, "یک محل", "A place"));
        var (latitude, longitude) = Admin.AdminHost.NewPlace("D2");
        await citizen.SharesLocationAsync(latitude, longitude);
        await citizen.SaysAsync(Say(language, "از همکاران روشنایی که چراغ‌های کوچه ما را در یک روز تعمیر کردند سپاسگزارم.", "Thank you to the lighting crew who fixed all the lamps in our lane within a day."));
        await citizen.PressesAsync(Say(language, "رد شدن", "Skip"));
        await citizen.PressesAsync(Say(language, "ثبت گزارش", "Submit"));
        Assert.Contains(Say(language, "سپاسگزاریم! قدردانی شما ثبت شد و به منطقه ۲ رسانده می‌شود.", "Thank you! Your words of thanks are recorded and will be passed on to District 2."), citizen.LastText);

        var ticket = await LastTicketAsync(citizen);
        Assert.Equal(TicketKind.Appreciation, ticket.Kind);
        Assert.Null(ticket.Department);
        Assert.NotNull(ticket.DistrictId);
    }

    [Fact]
    public async Task A_typed_kind_word_chooses_the_kind()
    {
        var citizen = Bot.Citizen("kind-typed", "fa");
        await citizen.SaysAsync("/new");
        await citizen.SaysAsync("شکایت دارم");
        Assert.Contains("شکایت شما درباره کدام خدمت است؟", citizen.LastText);
    }

    private async Task<Ticket> LastTicketAsync(CitizenDriver citizen)
    {
        await using var db = Bot.CreateDbContext();
        return await db.Tickets.AsNoTracking().Where(t => t.Citizen!.ExternalUserId == "user-" + citizen.ChatId).OrderByDescending(t => t.Id).FirstAsync();
    }

    private async Task<int> DistrictAsync(string code)
    {
        await using var db = Bot.CreateDbContext();
        return await db.Districts.Where(d => d.Code == code).Select(d => d.Id).SingleAsync();
    }
}
