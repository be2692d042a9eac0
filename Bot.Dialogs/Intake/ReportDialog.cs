using System.Globalization;
using System.Text;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Intake;

/// <summary>
/// A new report: category (or first the kind: complaint, suggestion, thanks) → location, or for a complaint or thanks a
/// department or district instead → description → photos → summary (confirm, change a field, cancel) → the duplicate
/// offer → a ticket with its tracking code and when to expect a first answer.
/// </summary>
public sealed class ReportDialog : ComponentDialog
{
    private const string CategoryPrompt = "report.category";
    private const string LocationPromptId = "report.location";
    private const string DescriptionPrompt = "report.description";
    private const string PhotoPrompt = "report.photo";
    private const string SummaryPrompt = "report.summary";
    private const string DuplicatePrompt = "report.duplicate";
    private const string TargetPrompt = "report.target";
    private const string UnitPrompt = "report.unit";
    private const string GuessPrompt = "report.guess";
    private const string DistrictPrompt = "report.district";
    private const string UnknownDistrict = "unknown";
    private const string KindChoice = "kind:";

    private const string Editing = "editing";
    private const string Category = "category";
    private const string Point = "point";
    private const string District = "district";
    private const string DistrictName = "districtName";
    private const string Address = "address";
    private const string Description = "description";
    private const string Photos = "photos";
    private const string Nearby = "nearby";
    private const string Kind = "kind";
    private const string Unit = "unit";
    private const string Guess = "guess";

    private readonly IntakeOptions _options;

    public ReportDialog(IntakeOptions options) : base(DialogIds.Report)
    {
        _options = options;
        AddDialog(new WaterfallDialog("report.steps",
        [
            new("guess", AskGuessAsync),
            new("guess-chosen", GuessChosenAsync),
            new("category", AskCategoryAsync),
            new("category-chosen", CategoryChosenAsync),
            new("target", AskTargetAsync),
            new("target-chosen", TargetChosenAsync),
            new("unit", AskUnitAsync),
            new("unit-chosen", UnitChosenAsync),
            new("location", AskLocationAsync),
            new("location-chosen", LocationChosenAsync),
            new("district", AskDistrictAsync),
            new("district-chosen", DistrictChosenAsync),
            new("description", AskDescriptionAsync),
            new("description-chosen", DescriptionChosenAsync),
            new("photos", AskPhotoAsync),
            new("photos-chosen", PhotoChosenAsync),
            new("summary", ShowSummaryAsync),
            new("summary-chosen", SummaryChosenAsync),
            new("duplicate-chosen", DuplicateChosenAsync),
        ]));
        AddDialog(new ChoicePrompt(CategoryPrompt, RecognizeCategoryAsync));
        AddDialog(new LocationPrompt(LocationPromptId, ValidateLocationAsync));
        AddDialog(new TextPrompt(DescriptionPrompt, ValidateDescriptionAsync));
        AddDialog(new AttachmentPrompt(PhotoPrompt, ValidatePhotoAsync));
        AddDialog(new ChoicePrompt(SummaryPrompt));
        AddDialog(new ChoicePrompt(DuplicatePrompt));
        AddDialog(new ChoicePrompt(TargetPrompt));
        AddDialog(new ChoicePrompt(UnitPrompt));
        AddDialog(new ChoicePrompt(GuessPrompt));
        AddDialog(new ChoicePrompt(DistrictPrompt, RecognizeDistrictAsync));
    }

    // Bump when a step is renamed or the stored values change meaning; older state then restarts politely.
    public override int Version => 1;

    /// <summary>
    /// A report started from the citizen's own words ("the street light outside my house is broken"): those words are the
    /// description, and the subject they name is offered for a yes, or another subject chosen.
    /// </summary>
    public sealed record Seed(string? Description, string? Guess);

    private static async Task<DialogTurnResult> AskGuessAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var guess = await GuessedCategoryAsync(step, cancellationToken);
        if (guess is null)
        {
            return await step.GoToAsync("category", null, cancellationToken);
        }

        var texts = step.Context.Texts();
        var name = guess.Name(texts.Culture);
        return await step.PromptAsync(GuessPrompt, new PromptOptions(
            Activity.Message(texts.Format("report.guess.ask", name)),
            Activity.Message(texts["report.guess.retry"]),
            [new("yes", texts["report.guess.yes"], [name, guess.NameFa, guess.NameEn]), new("other", texts["report.guess.other"])]), cancellationToken);
    }

    private static async Task<DialogTurnResult> GuessChosenAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var guess = await GuessedCategoryAsync(step, cancellationToken);
        step.Remove(Guess);
        if (guess is null || ((Choice)step.Result!).Value != "yes")
        {
            return await step.GoToAsync("category", null, cancellationToken);
        }

        step.Set(Category, guess.Code);
        await step.Context.SendAsync(step.Context.Texts().Format("report.category.ok", guess.Name(step.Context.Texts().Culture)), cancellationToken);
        return await step.GoToAsync("target", null, cancellationToken);
    }

    private static async Task<CategoryInfo?> GuessedCategoryAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.Get<string>(Guess) is { } code
            ? (await step.Context.Service<ITicketDesk>().GetCategoriesAsync(cancellationToken)).FirstOrDefault(c => c.Code == code)
            : null;

    private static async Task<DialogTurnResult> AskCategoryAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var texts = step.Context.Texts();
        var categories = await step.Context.Service<ITicketDesk>().GetCategoriesAsync(cancellationToken);

        // The kinds ride at the end of the first question: a subject (or words) is a problem, as before, in one tap.
        TicketKind? kind = step.Get<TicketKind?>(Kind) is null && !step.Get<bool>(Editing) ? null : KindOf(step);
        var context = step.Context;
        return await step.PromptAsync(CategoryPrompt, PreparedQuestions.Menu(categories, texts, kind, () => CategoryMenu(context, categories, texts, kind)), cancellationToken);
    }

    /// <summary>The subject menu in one language, for a kind already chosen, or with the kinds at its end (null).</summary>
    private static PromptOptions CategoryMenu(ITurnContext context, IReadOnlyList<CategoryInfo> categories, CultureTexts texts, TicketKind? kind)
    {
        var choices = categories.Select(c => new Choice(c.Code, c.Name(texts.Culture), [c.NameFa, c.NameEn, c.Code])).ToList();
        string ask;
        if (kind is null)
        {
            ask = texts["report.category.ask"] + "\n" + texts["report.category.kinds"];
            choices.AddRange(new[] { TicketKind.Complaint, TicketKind.Suggestion, TicketKind.Appreciation }.Select(k =>
                new Choice(KindChoice + k, texts["report.kind." + Key(k)], [.. IntakeCultures.All.SelectMany(c => KindWords(context, k, c))])));
        }
        else
        {
            ask = kind == TicketKind.Problem ? texts["report.category.ask"] : texts["report.category.ask." + Key(kind.Value)];
        }

        return new PromptOptions(Activity.Message(ask), Activity.Message(texts["report.category.retry"]), choices);
    }

    /// <summary>Buttons first; free text is matched by whole-word keywords after Persian normalisation.</summary>
    private static async Task<bool> RecognizeCategoryAsync(PromptValidatorContext<Choice> prompt, CancellationToken cancellationToken)
    {
        if (prompt.Recognized.Succeeded)
        {
            return true;
        }

        var texts = prompt.Context.Texts();
        var activity = prompt.Context.Activity;
        if (string.IsNullOrWhiteSpace(activity.Text))
        {
            return prompt.Reject(texts["report.category.textonly"]);
        }

        var categories = await prompt.Context.Service<ITicketDesk>().GetCategoriesAsync(cancellationToken);
        if (CategoryMatcher.Match(activity.Text, categories) is { } match)
        {
            prompt.Recognized.Succeeded = true;
            prompt.Recognized.Value = prompt.Options.Choices!.First(c => c.Value == match.Code);
            return true;
        }

        return prompt.Reject(texts["report.category.retry"]);
    }

    private static async Task<DialogTurnResult> CategoryChosenAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var choice = (Choice)step.Result!;
        if (choice.Value.StartsWith(KindChoice, StringComparison.Ordinal))
        {
            step.Set(Kind, Enum.Parse<TicketKind>(choice.Value[KindChoice.Length..]));
            return await step.GoToAsync("category", null, cancellationToken);
        }

        step.Set(Category, choice.Value);
        await step.Context.SendAsync(step.Context.Texts().Format("report.category.ok", choice.Title), cancellationToken);
        return await NextOrSummaryAsync(step, cancellationToken);
    }

    /// <summary>A complaint or thanks may be about a place, or about a department or district (a staff member's conduct, a team's work).</summary>
    private static async Task<DialogTurnResult> AskTargetAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var kind = KindOf(step);
        if (!TicketKinds.MayNameUnit(kind))
        {
            return await step.GoToAsync("location", null, cancellationToken);
        }

        var texts = step.Context.Texts();
        return await step.PromptAsync(TargetPrompt, new PromptOptions(
            Activity.Message(texts["report.target.ask." + Key(kind)]),
            Activity.Message(texts["report.target.retry"]),
            [new("place", texts["report.target.place"]), new("unit", texts["report.target.unit"])]), cancellationToken);
    }

    private static Task<DialogTurnResult> TargetChosenAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        ((Choice)step.Result!).Value == "unit"
            ? step.NextAsync(null, cancellationToken)
            : step.GoToAsync("location", null, cancellationToken);

    private static async Task<DialogTurnResult> AskUnitAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var texts = step.Context.Texts();
        var units = await step.Context.Service<ITicketDesk>().GetUnitsAsync(cancellationToken);
        var choices = units.Select(u => new Choice(u.Code, UnitLabel(u, texts), [.. IntakeCultures.All.Select(c => UnitLabel(u, step.Context.TextsFor(c))), u.NameFa, u.NameEn])).ToList();
        return await step.PromptAsync(UnitPrompt, new PromptOptions(
            Activity.Message(texts["report.unit.ask"]),
            Activity.Message(texts["report.unit.retry"]),
            choices), cancellationToken);
    }

    private static async Task<DialogTurnResult> UnitChosenAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var code = ((Choice)step.Result!).Value;
        var units = await step.Context.Service<ITicketDesk>().GetUnitsAsync(cancellationToken);
        var unit = units.First(u => u.Code == code);
        step.Set(Unit, unit);
        step.Remove(Point);
        step.Remove(Address);
        step.Remove(District);
        step.Remove(DistrictName);
        var texts = step.Context.Texts();
        await step.Context.SendAsync(texts.Format("report.unit.ok", UnitLabel(unit, texts)), cancellationToken);
        return step.Get<bool>(Editing)
            ? await step.GoToAsync("summary", null, cancellationToken)
            : await step.GoToAsync("description", null, cancellationToken);
    }

    private static Task<DialogTurnResult> AskLocationAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var texts = step.Context.Texts();
        // The web chat has no map to pick a pin from: it offers the browser's location and a typed address.
        var web = !ChannelTraits.Of(step.Context).IsMessenger;
        return step.PromptAsync(LocationPromptId, PreparedQuestions.Get(texts, web ? "location:web" : "location", () => new PromptOptions(
            Activity.Message(texts[web ? "report.location.ask.webchat" : "report.location.ask"], [SuggestedAction.RequestLocation(texts["report.location.share"])]),
            Activity.Message(texts["report.location.retry"]))), cancellationToken);
    }

    private async Task<bool> ValidateLocationAsync(PromptValidatorContext<LocationAnswer> prompt, CancellationToken cancellationToken)
    {
        var texts = prompt.Context.Texts();
        if (!prompt.Recognized.Succeeded)
        {
            // The browser answered the location button without a place: say why, and that typing the address works.
            return prompt.Context.Activity is { Type: ActivityTypes.Event, Name: LocationPrompt.LocationEventName, Value: var refused }
                ? prompt.Reject(texts[refused == LocationPrompt.DeniedValue ? "report.location.denied.webchat" : "report.location.unavailable.webchat"])
                : prompt.Reject(texts["report.location.retry"]);
        }

        var answer = prompt.Recognized.Value!;
        if (answer.Point is { } point)
        {
            if (!point.IsValid)
            {
                return prompt.Reject(texts["report.location.invalid"]);
            }

            var area = await prompt.Context.Service<ITicketDesk>().LocateAsync(point, cancellationToken);
            return area.InServiceArea || prompt.Reject(texts["report.location.outside"]);
        }

        if (IntakeRules.CheckAddress(answer.Address, _options, texts, out var address) is { } problem)
        {
            return prompt.Reject(problem);
        }

        prompt.Recognized.Value = answer with { Address = address };
        return true;
    }

    private static async Task<DialogTurnResult> LocationChosenAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var answer = (LocationAnswer)step.Result!;
        var texts = step.Context.Texts();
        step.Remove(Unit);
        if (answer.Point is { } point)
        {
            var area = await step.Context.Service<ITicketDesk>().LocateAsync(point, cancellationToken);
            step.Set(Point, point);
            step.Set(District, area.DistrictId);
            step.Set(DistrictName, new[] { area.DistrictNameFa, area.DistrictNameEn });
            step.Remove(Address);
            await step.Context.SendAsync(texts.Format("report.location.ok", DistrictLabel(step, texts.Culture)), cancellationToken);
            return await AfterLocationAsync(step, cancellationToken);
        }

        step.Set(Address, answer.Address);
        step.Remove(Point);
        step.Remove(District);
        step.Remove(DistrictName);
        var districts = await step.Context.Service<ITicketDesk>().GetDistrictsAsync(cancellationToken);
        if (DistrictMatcher.Match(answer.Address!, districts) is [var named])
        {
            SetDistrict(step, named);
            await step.Context.SendAsync(texts.Format("report.address.district", named.Name(texts.Culture)), cancellationToken);
            return await AfterLocationAsync(step, cancellationToken);
        }

        await step.Context.SendAsync(texts["report.address.ok"], cancellationToken);
        return await step.GoToAsync("district", null, cancellationToken);
    }

    /// <summary>
    /// A typed address that names no district: the citizen picks it, or says they do not know. Only then does a ticket go
    /// without a district (DistrictId null), which is what the staff's triage list looks for.
    /// </summary>
    private static async Task<DialogTurnResult> AskDistrictAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var texts = step.Context.Texts();
        var districts = await step.Context.Service<ITicketDesk>().GetDistrictsAsync(cancellationToken);
        if (districts.Count == 0)
        {
            return await AfterLocationAsync(step, cancellationToken);
        }

        var choices = districts
            .Select(d => new Choice(d.Id.ToString(CultureInfo.InvariantCulture), d.Name(texts.Culture), [d.NameFa, d.NameEn, d.Code, .. d.Places]))
            .Append(new Choice(UnknownDistrict, texts["report.district.unknown"]))
            .ToList();
        return await step.PromptAsync(DistrictPrompt, new PromptOptions(
            Activity.Message(texts["report.district.ask"]),
            Activity.Message(texts["report.district.retry"]),
            choices), cancellationToken);
    }

    /// <summary>Buttons, or a typed district or neighbourhood name.</summary>
    private static async Task<bool> RecognizeDistrictAsync(PromptValidatorContext<Choice> prompt, CancellationToken cancellationToken)
    {
        if (prompt.Recognized.Succeeded || string.IsNullOrWhiteSpace(prompt.Context.Activity.Text))
        {
            return prompt.Recognized.Succeeded;
        }

        var districts = await prompt.Context.Service<ITicketDesk>().GetDistrictsAsync(cancellationToken);
        if (DistrictMatcher.Match(prompt.Context.Activity.Text, districts) is [var named])
        {
            prompt.Recognized.Succeeded = true;
            prompt.Recognized.Value = prompt.Options.Choices!.First(c => c.Value == named.Id.ToString(CultureInfo.InvariantCulture));
            return true;
        }

        return false;
    }

    private static async Task<DialogTurnResult> DistrictChosenAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var texts = step.Context.Texts();
        var value = ((Choice)step.Result!).Value;
        var districts = await step.Context.Service<ITicketDesk>().GetDistrictsAsync(cancellationToken);
        if (value != UnknownDistrict && districts.FirstOrDefault(d => d.Id.ToString(CultureInfo.InvariantCulture) == value) is { } chosen)
        {
            SetDistrict(step, chosen);
            await step.Context.SendAsync(texts.Format("report.district.ok", chosen.Name(texts.Culture)), cancellationToken);
        }
        else
        {
            await step.Context.SendAsync(texts["report.district.skipped"], cancellationToken);
        }

        return await AfterLocationAsync(step, cancellationToken);
    }

    private static void SetDistrict(WaterfallStepContext step, DistrictInfo district)
    {
        step.Set(District, district.Id);
        step.Set(DistrictName, new[] { district.NameFa, district.NameEn });
    }

    private static Task<DialogTurnResult> AfterLocationAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.GoToAsync(step.Get<bool>(Editing) ? "summary" : "description", null, cancellationToken);

    private async Task<DialogTurnResult> AskDescriptionAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var texts = step.Context.Texts();
        if (!step.Get<bool>(Editing) && step.Get<string>(Description) is { } seeded)
        {
            // The citizen's first words already describe the problem when they are long enough; else they are asked as usual.
            if (IntakeRules.CheckDescription(seeded, _options, texts, out var description) is null)
            {
                step.Set(Description, description);
                await step.Context.SendAsync(texts["report.description.taken"], cancellationToken);
                return await step.GoToAsync("photos", null, cancellationToken);
            }

            step.Remove(Description);
        }

        var ask = KindOf(step) == TicketKind.Problem ? "report.description.ask" : "report.description.ask." + Key(KindOf(step));
        var minimum = _options.DescriptionMinLength;
        return await step.PromptAsync(DescriptionPrompt, PreparedQuestions.Get(texts, $"description:{ask}:{minimum}", () => new PromptOptions(
            Activity.Message(texts.Format(ask, minimum)), Activity.Message(texts.Format("report.description.retry", minimum)))), cancellationToken);
    }

    private Task<bool> ValidateDescriptionAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken)
    {
        var texts = prompt.Context.Texts();
        var activity = prompt.Context.Activity;
        if (!prompt.Recognized.Succeeded)
        {
            var reason = activity.Attachments.Count > 0 ? "report.description.photo" : "report.description.empty";
            return Task.FromResult(prompt.Reject(texts.Format(reason, _options.DescriptionMinLength)));
        }

        if (IntakeRules.CheckDescription(prompt.Recognized.Value, _options, texts, out var text) is { } problem)
        {
            return Task.FromResult(prompt.Reject(problem));
        }

        prompt.Recognized.Value = text;
        return Task.FromResult(true);
    }

    private static async Task<DialogTurnResult> DescriptionChosenAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        step.Set(Description, (string)step.Result!);
        return await NextOrSummaryAsync(step, cancellationToken);
    }

    private async Task<DialogTurnResult> AskPhotoAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var texts = step.Context.Texts();
        var photos = step.Get<List<ActivityAttachment>>(Photos) ?? [];
        if (photos.Count >= _options.MaxPhotos)
        {
            return await step.NextAsync(Array.Empty<ActivityAttachment>(), cancellationToken);
        }

        var required = (await CategoryOf(step, cancellationToken))?.PhotoRequired == true;
        var text = photos.Count > 0 ? texts.Format("report.photo.more", photos.Count, _options.MaxPhotos)
            : required ? texts.Format("report.photo.required", _options.MaxPhotos)
            : texts.Format("report.photo.ask", _options.MaxPhotos);
        var button = photos.Count > 0 || required ? texts["report.photo.done"] : texts["report.photo.skip"];
        return await step.PromptAsync(PhotoPrompt, PreparedQuestions.Get(texts, $"photo:{text}:{button}", () => new PromptOptions(Activity.Message(text, [SuggestedAction.Reply(button)]))), cancellationToken);
    }

    private Task<bool> ValidatePhotoAsync(PromptValidatorContext<IReadOnlyList<ActivityAttachment>> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(IsPhotoAnswer(prompt));

    private bool IsPhotoAnswer(PromptValidatorContext<IReadOnlyList<ActivityAttachment>> prompt)
    {
        var texts = prompt.Context.Texts();
        if (prompt.Recognized.Succeeded)
        {
            var files = prompt.Recognized.Value!;
            if (files.Any(f => !IsImage(f)))
            {
                return prompt.Reject(texts["report.photo.notimage"]);
            }

            if (files.Any(f => f.Size > _options.MaxPhotoBytes))
            {
                return prompt.Reject(texts.Format("report.photo.toolarge", _options.MaxPhotoBytes / (1024 * 1024)));
            }

            return true;
        }

        if (!SaidAnyOf(prompt.Context, "report.photo.skip", "report.photo.done"))
        {
            return prompt.Reject(texts["report.photo.retry"]);
        }

        // "Skip" or "done" is an empty answer; the next step asks again when the category requires a photo.
        prompt.Recognized.Succeeded = true;
        prompt.Recognized.Value = [];
        return true;
    }

    private async Task<DialogTurnResult> PhotoChosenAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var texts = step.Context.Texts();
        var added = (IReadOnlyList<ActivityAttachment>)step.Result!;
        var photos = step.Get<List<ActivityAttachment>>(Photos) ?? [];
        if (added.Count > 0)
        {
            var room = _options.MaxPhotos - photos.Count;
            photos.AddRange(added.Take(room));
            step.Set(Photos, photos);
            if (added.Count > room)
            {
                await step.Context.SendAsync(texts.Format("report.photo.toomany", _options.MaxPhotos), cancellationToken);
            }

            if (photos.Count < _options.MaxPhotos)
            {
                return await step.GoToAsync("photos", null, cancellationToken);
            }
        }
        else if (photos.Count == 0 && (await CategoryOf(step, cancellationToken))?.PhotoRequired == true)
        {
            await step.Context.SendAsync(texts["report.photo.needed"], cancellationToken);
            return await step.GoToAsync("photos", null, cancellationToken);
        }

        return await step.GoToAsync("summary", null, cancellationToken);
    }

    private async Task<DialogTurnResult> ShowSummaryAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        step.Set(Editing, true);
        var texts = step.Context.Texts();
        var category = await CategoryOf(step, cancellationToken);
        var photos = step.Get<List<ActivityAttachment>>(Photos) ?? [];
        var kind = KindOf(step);
        var where = step.Get<UnitInfo>(Unit) is { } unit ? texts.Format("report.summary.unit", UnitLabel(unit, texts))
            : step.Get<string>(Address) is { } address
                ? (step.Get<string?[]>(DistrictName) is { } named
                    ? texts.Format("report.summary.address", address, texts.Culture.TwoLetterISOLanguageName == "fa" ? named[0] : named[1])
                    : texts.Format("report.summary.location", address))
                : texts.Format("report.summary.location", DistrictLabel(step, texts.Culture));
        var summary = new StringBuilder(texts["report.summary.header"]).Append('\n');
        if (kind != TicketKind.Problem)
        {
            summary.Append(texts.Format("report.summary.kind", texts["kind." + Key(kind)])).Append('\n');
        }

        summary
            .Append(texts.Format("report.summary.category", category?.Name(texts.Culture) ?? "—")).Append('\n')
            .Append(where).Append('\n')
            .Append(texts.Format("report.summary.description", TicketReplies.Shorten(step.Get<string>(Description) ?? string.Empty, 300))).Append('\n')
            .Append(texts.Format("report.summary.photos", photos.Count)).Append("\n\n")
            .Append(texts["report.summary.question"]);
        // The summary carries the citizen's words; its buttons and retry are everyone's, kept once (the step writes the summary afresh when asked again).
        var options = PreparedQuestions.Get(texts, "summary", () => new PromptOptions(
            Activity.Message(texts["report.summary.question"]),
            Activity.Message(texts["report.summary.retry"]),
            [
                new("confirm", texts["report.summary.confirm"]),
                new("category", texts["report.summary.change.category"]),
                new("location", texts["report.summary.change.location"]),
                new("description", texts["report.summary.change.description"]),
                new("photos", texts["report.summary.change.photos"]),
                new("cancel", texts["report.summary.cancel"]),
            ],
            AttachedButtons: true));
        return await step.PromptAsync(SummaryPrompt, new OwnQuestion(Activity.Message(summary.ToString()), options), cancellationToken);
    }

    private async Task<DialogTurnResult> SummaryChosenAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var texts = step.Context.Texts();
        switch (((Choice)step.Result!).Value)
        {
            case "cancel":
                await Menu.ShowAsync(step.Context, texts["report.cancelled"], cancellationToken);
                return await step.EndDialogAsync(null, cancellationToken);
            case "photos":
                step.Remove(Photos);
                return await step.GoToAsync("photos", null, cancellationToken);
            case "location" when TicketKinds.MayNameUnit(KindOf(step)):
                return await step.GoToAsync("target", null, cancellationToken);
            case "category" or "location" or "description":
                return await step.GoToAsync(((Choice)step.Result!).Value, null, cancellationToken);
        }

        // Only a problem can be the same as another at the same spot; a complaint or a suggestion is the citizen's own.
        if (KindOf(step) == TicketKind.Problem && step.Get<GeoPoint>(Point) is { } point && step.Get<string>(Category) is { } category)
        {
            var nearby = await step.Context.Service<ITicketDesk>().FindNearbyOpenTicketAsync(category, point, cancellationToken);
            if (nearby is not null)
            {
                // Someone else's report: its subject, distance and status only, never its code or words.
                step.Set(Nearby, nearby.Reference);
                var offer = texts.Format("report.duplicate.offer",
                    nearby.CategoryName(texts.Culture),
                    nearby.RoundedMetres,
                    TicketReplies.StatusName(texts, nearby.Status));
                return await step.PromptAsync(DuplicatePrompt, new PromptOptions(
                    Activity.Message(offer), Activity.Message(texts["report.duplicate.retry"]),
                    [new("follow", texts["report.duplicate.follow"]), new("different", texts["report.duplicate.different"])], AttachedButtons: true), cancellationToken);
            }
        }

        return await CreateAsync(step, cancellationToken);
    }

    private async Task<DialogTurnResult> DuplicateChosenAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (((Choice)step.Result!).Value == "follow" && step.Get<string>(Nearby) is { } code)
        {
            await step.Context.Service<ITicketDesk>().FollowTicketAsync(code, cancellationToken);
            await Menu.ShowAsync(step.Context, step.Context.Texts()["report.duplicate.following"], cancellationToken);
            return await step.EndDialogAsync(null, cancellationToken);
        }

        return await CreateAsync(step, cancellationToken);
    }

    private static async Task<DialogTurnResult> CreateAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var texts = step.Context.Texts();
        var kind = KindOf(step);
        var unit = step.Get<UnitInfo>(Unit);
        var ticket = await step.Context.Service<ITicketDesk>().CreateTicketAsync(new NewTicket(
            step.Get<string>(Category)!,
            step.Get<GeoPoint>(Point),
            unit is null ? step.Get<int?>(District) : unit.DistrictId,
            step.Get<string>(Address),
            step.Get<string>(Description)!,
            step.Get<List<ActivityAttachment>>(Photos) ?? [],
            kind,
            unit?.Department), cancellationToken);
        var code = TrackingCode.Format(ticket.TrackingCode);
        var text = kind == TicketKind.Appreciation
            ? texts.Format("report.created.appreciation", code, ticket.Unit is { } to ? UnitLabel(to, texts) : texts["report.unit.city"])
            : texts.Format("report.created", code, Expectations(step.Context, ticket));
        await Menu.ShowAsync(step.Context, text, cancellationToken);
        return await step.EndDialogAsync(ticket.TrackingCode, cancellationToken);
    }

    /// <summary>When the first answer is due, and whether the office is closed now and when it opens, in the citizen's calendar.</summary>
    private static string Expectations(ITurnContext context, FiledTicket ticket)
    {
        var texts = context.Texts();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(context.Service<IntakeOptions>().TimeZone);
        var lines = new List<string>();
        if (ticket.OfficeOpensAt is { } opens)
        {
            lines.Add(texts.Format("report.expect.closed", JalaliDate.FormatLong(opens, zone, texts.Culture)));
        }

        if (ticket.ResponseDueAt is { } due)
        {
            lines.Add(texts.Format("report.expect.due", JalaliDate.FormatLong(due, zone, texts.Culture)));
        }

        return string.Join("\n", lines);
    }

    private static TicketKind KindOf(WaterfallStepContext step) => step.Get<TicketKind?>(Kind) ?? TicketKind.Problem;

    private static string Key(TicketKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>What a citizen may type for a kind, in a language: its button without the emoji, its name, and a few everyday words.</summary>
    private static IEnumerable<string> KindWords(ITurnContext context, TicketKind kind, CultureInfo culture)
    {
        var texts = context.TextsFor(culture);
        return [texts["report.kind." + Key(kind)], texts["kind." + Key(kind)], .. texts["report.kind." + Key(kind) + ".words"].Split('|')];
    }

    private static string UnitLabel(UnitInfo unit, CultureTexts texts) =>
        unit.Department is null ? unit.Name(texts.Culture) : texts.Format("report.unit.department", unit.Name(texts.Culture));

    /// <summary>During the first pass each answer leads to the next question; once the summary was shown, back to it.</summary>
    private static Task<DialogTurnResult> NextOrSummaryAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.Get<bool>(Editing) ? step.GoToAsync("summary", null, cancellationToken) : step.NextAsync(null, cancellationToken);

    private static async Task<CategoryInfo?> CategoryOf(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var code = step.Get<string>(Category);
        var categories = await step.Context.Service<ITicketDesk>().GetCategoriesAsync(cancellationToken);
        return categories.FirstOrDefault(c => c.Code == code);
    }

    private static string DistrictLabel(WaterfallStepContext step, CultureInfo culture)
    {
        var names = step.Get<string?[]>(DistrictName);
        var point = step.Get<GeoPoint>(Point);
        var name = names is null ? null : culture.TwoLetterISOLanguageName == "fa" ? names[0] : names[1];
        var coordinates = point is null ? string.Empty
            : TextLayout.Coordinates(point.Latitude, point.Longitude, culture);
        return name is null ? coordinates : $"{name} ({coordinates})";
    }

    /// <summary>The message is one of these buttons, in any language (the citizen may have switched mid-dialog).</summary>
    private static bool SaidAnyOf(ITurnContext context, params string[] keys)
    {
        var said = PersianText.ForMatching(context.Activity.Text);
        var catalog = context.Services.GetService(typeof(TextCatalog)) as TextCatalog ?? TextCatalog.Default;
        return said.Length > 0 && keys.Any(key => IntakeCultures.All.Any(c => said == catalog.MatchingForm(key, c)));
    }

    private static bool IsImage(ActivityAttachment file) =>
        file.Kind == AttachmentKinds.Photo ||
        (file.Kind == AttachmentKinds.Document && file.ContentType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true);
}
