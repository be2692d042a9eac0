using ChatIntake.Dialogs.Engine;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;

namespace ChatIntake.Tests.Dialogs;

/// <summary>
/// A report costs the city no more messages than the citizen's own inputs: every answer (an acknowledgement such as
/// "Subject: Street Lighting") rides on the next question instead of going as a message of its own. Each message counts
/// against the messenger's pace of about 30 a second per bot and one a second per chat.
/// </summary>
public sealed class MessagesPerInputTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private BotApplicationFactory Bot => fixture.Bot;

    private static string Say(string language, string fa, string en) => language == "fa" ? fa : en;

    [Theory]
    [InlineData("fa")]
    [InlineData("en")]
    public async Task A_whole_intake_by_buttons_and_a_shared_location_gets_one_message_per_input(string language)
    {
        var citizen = Bot.Citizen("per-input-buttons-" + language, language);
        var (latitude, longitude) = AdminHost.NewPlace("D1");
        var inputs = new Counted(Bot, citizen);

        await inputs.OneEach(() => citizen.SaysAsync("/start"));
        await inputs.OneEach(() => citizen.PressesAsync(Say(language, "ثبت گزارش جدید", "New report")));
        await inputs.OneEach(() => citizen.PressesAsync(Say(language, "روشنایی", "Light")));
        Assert.Contains(Say(language, "موضوع: روشنایی معابر\n", "Subject: Street Lighting\n"), citizen.LastText);
        Assert.Contains(Say(language, "کجاست؟", "Where is it?"), citizen.LastText);
        Assert.Contains(citizen.LastReplies[0].SuggestedActions, a => a.Kind == SuggestedActionKind.RequestLocation);
        await inputs.OneEach(() => citizen.SharesLocationAsync(latitude, longitude));
        Assert.Contains(Say(language, "موقعیت دریافت شد: منطقه ۱", "Location received: District 1"), citizen.LastText);
        Assert.Contains(Say(language, "لطفاً مشکل را شرح دهید", "Please describe the problem"), citizen.LastText);
        await inputs.OneEach(() => citizen.SaysAsync(Say(language, "چراغ خیابان جلوی پلاک ۱۲ یک هفته است خاموش است.", "The street light in front of number 12 has been dark for a week.")));
        await inputs.OneEach(() => citizen.PressesAsync(Say(language, "رد شدن", "Skip")));
        await inputs.OneEach(() => citizen.PressesAsync(Say(language, "ثبت گزارش", "Submit")));
        Assert.Contains(Say(language, "گزارش شما ثبت شد", "Your report is registered"), citizen.LastText);

        await inputs.AssertNoMoreMessagesThanInputsAsync();
        citizen.SaveTranscript("messages-per-input-buttons-" + language);
    }

    [Theory]
    [InlineData("fa")]
    [InlineData("en")]
    public async Task A_typed_address_a_chosen_district_and_a_photo_get_one_message_per_input(string language)
    {
        var citizen = Bot.Citizen("per-input-address-" + language, language);
        var inputs = new Counted(Bot, citizen);

        await inputs.OneEach(() => citizen.SaysAsync("/new"));
        await inputs.OneEach(() => citizen.PressesAsync(Say(language, "روشنایی", "Light")));
        await inputs.OneEach(() => citizen.SaysAsync(Say(language, "خیابان گلستان، روبروی نانوایی", "Golestan street, opposite the bakery")));
        Assert.Contains(Say(language, "نشانی دریافت شد.", "Address received."), citizen.LastText);
        Assert.Contains(Say(language, "در کدام منطقه شهر است؟", "Which district of the city is it in?"), citizen.LastText);
        await inputs.OneEach(() => citizen.PressesAsync(Say(language, "منطقه ۴", "District 4")));
        Assert.Contains(Say(language, "منطقه: منطقه ۴", "District: District 4"), citizen.LastText);
        await inputs.OneEach(() => citizen.SaysAsync(Say(language, "چراغ‌های این خیابان یک هفته است خاموش است.", "The street lights here have been dark for a week.")));
        await inputs.OneEach(() => citizen.SendsPhotoAsync());
        Assert.Contains(Say(language, "عکس دریافت شد", "Photo received"), citizen.LastText);
        await inputs.OneEach(() => citizen.PressesAsync(Say(language, "تمام", "Done")));
        Assert.Contains(Say(language, "• عکس‌ها: ۱", "• Photos: 1"), citizen.LastText);
        await inputs.OneEach(() => citizen.PressesAsync(Say(language, "ثبت گزارش", "Submit")));
        Assert.Contains(Say(language, "گزارش شما ثبت شد", "Your report is registered"), citizen.LastText);

        await inputs.AssertNoMoreMessagesThanInputsAsync();
        citizen.SaveTranscript("messages-per-input-address-" + language);
    }

    [Theory]
    [InlineData("fa")]
    [InlineData("en")]
    public async Task First_words_taken_as_the_description_and_a_complaint_about_a_district_get_one_message_per_input(string language)
    {
        var guesser = Bot.Citizen("per-input-guess-" + language, language);
        var (latitude, longitude) = AdminHost.NewPlace("D2");
        var guessed = new Counted(Bot, guesser);
        await guessed.OneEach(() => guesser.SaysAsync(Say(language, "سطل‌های زباله سر کوچه ما سه روز است خالی نشده‌اند", "the waste bins in our lane have not been emptied for three days")));
        await guessed.OneEach(() => guesser.PressesAsync(Say(language, "بله", "Yes")));
        Assert.Contains(Say(language, "موضوع: جمع‌آوری زباله", "Subject: Waste Collection"), guesser.LastText);
        await guessed.OneEach(() => guesser.SharesLocationAsync(latitude, longitude));
        Assert.Contains(Say(language, "پیام شما به عنوان شرح مشکل ثبت شد", "Your message is the description"), guesser.LastText);
        Assert.Contains(Say(language, "می‌خواهید عکس اضافه کنید؟", "Would you like to add photos?"), guesser.LastText);
        await guessed.OneEach(() => guesser.PressesAsync(Say(language, "رد شدن", "Skip")));
        await guessed.OneEach(() => guesser.PressesAsync(Say(language, "ثبت گزارش", "Submit")));
        await guessed.AssertNoMoreMessagesThanInputsAsync();
        guesser.SaveTranscript("messages-per-input-guess-" + language);

        var complainer = Bot.Citizen("per-input-complaint-" + language, language);
        var complained = new Counted(Bot, complainer);
        await complained.OneEach(() => complainer.SaysAsync("/new"));
        await complained.OneEach(() => complainer.PressesAsync(Say(language, "شکایت", "Complaint")));
        await complained.OneEach(() => complainer.PressesAsync(Say(language, "زباله", "Waste")));
        await complained.OneEach(() => complainer.PressesAsync(Say(language, "واحد یا منطقه", "department or district")));
        await complained.OneEach(() => complainer.PressesAsync(Say(language, "منطقه ۲", "District 2")));
        Assert.Contains(Say(language, "مخاطب: منطقه ۲", "Addressed to: District 2"), complainer.LastText);
        Assert.Contains(Say(language, "لطفاً شکایت خود را شرح دهید", "Please describe your complaint"), complainer.LastText);
        await complained.OneEach(() => complainer.SaysAsync(Say(language,
            "مأمور جمع‌آوری زباله دیروز صبح با ساکنان کوچه با بی‌احترامی رفتار کرد.",
            "The waste collector was rude to the neighbours yesterday morning.")));
        await complained.OneEach(() => complainer.PressesAsync(Say(language, "رد شدن", "Skip")));
        await complained.OneEach(() => complainer.PressesAsync(Say(language, "ثبت گزارش", "Submit")));
        Assert.Contains(Say(language, "گزارش شما ثبت شد", "Your report is registered"), complainer.LastText);
        await complained.AssertNoMoreMessagesThanInputsAsync();
        complainer.SaveTranscript("messages-per-input-complaint-" + language);
    }

    [Fact]
    public void Words_alone_fold_into_the_next_message_which_keeps_its_buttons_while_buttons_files_and_long_texts_stay_apart()
    {
        var question = Activity.Message("Where is it?", [SuggestedAction.RequestLocation("📍 Send my location")]);
        var folded = FoldedReplies.Fold(Activity.Message("Subject: Street Lighting"), question);
        Assert.Equal("Subject: Street Lighting\n\nWhere is it?", folded?.Text);
        Assert.Equal(question.SuggestedActions, folded?.SuggestedActions);

        Assert.Null(FoldedReplies.Fold(Activity.Message("Pick one", [SuggestedAction.Reply("A")]), question));
        Assert.Null(FoldedReplies.Fold(Activity.Message("Here is your copy"), question with { Attachments = [new ActivityAttachment(AttachmentKinds.Document, "data:1", "application/json", 10)] }));
        Assert.Null(FoldedReplies.Fold(Activity.Message(new string('x', FoldedReplies.MaxLength)), question));
        Assert.Null(FoldedReplies.Fold(new Activity { Type = ActivityTypes.Event, Name = "location" }, question));
    }

    /// <summary>Counts the citizen's inputs and checks each was answered with exactly one message.</summary>
    private sealed class Counted(BotApplicationFactory bot, CitizenDriver citizen)
    {
        private int _inputs;

        public async Task OneEach(Func<Task> input)
        {
            await input();
            _inputs++;
            Assert.True(citizen.LastReplies.Count == 1,
                $"input {_inputs} got {citizen.LastReplies.Count} messages:\n{string.Join("\n---\n", citizen.LastReplies.Select(r => r.Text))}");
        }

        public async Task AssertNoMoreMessagesThanInputsAsync()
        {
            var delivered = await Eventually.UntilAsync(() => bot.Channel.DeliveredTo(citizen.ChatId), d => d.Count >= _inputs,
                $"chat {citizen.ChatId} to be sent its {_inputs} answers");
            Assert.True(delivered.Count <= _inputs, $"{delivered.Count} messages for {_inputs} inputs");
        }
    }
}
