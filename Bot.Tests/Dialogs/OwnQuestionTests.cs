using System.Globalization;
using ChatIntake.Dialogs.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace ChatIntake.Tests.Dialogs;

/// <summary>
/// A question written for one citizen, asked with options prepared for everyone: sent as written, kept as the options
/// only, and asked only by a waterfall step, which is what asks it again.
/// </summary>
public sealed class OwnQuestionTests
{
    private static readonly PreparedPromptOptions Buttons = PreparedPromptOptions.Of(new PromptOptions(
        Activity.Message("Send it, change something, or cancel?"), Activity.Message("Please choose one of the buttons."), [new Choice("confirm", "Submit")],
        AttachedButtons: true));

    [Fact]
    public async Task A_waterfall_step_sends_its_own_question_with_the_prepared_buttons_and_the_state_keeps_only_the_options()
    {
        var dialogs = new DialogSet()
            .Add(new WaterfallDialog("flow", [new WaterfallStep("ask", (step, ct) => step.PromptAsync("choose", new OwnQuestion(Activity.Message("Your report: a dark lamp post."), Buttons), ct))]))
            .Add(new ChoicePrompt("choose"));
        var turn = new Turn();
        var stack = new List<DialogInstance>();

        await new DialogContext(dialogs, turn, stack).BeginDialogAsync("flow", null, CancellationToken.None);

        var sent = Assert.Single(turn.SentActivities);
        Assert.Equal("Your report: a dark lamp post.", sent.Text);
        Assert.Equal([SuggestedAction.Button("Submit", "confirm")], sent.SuggestedActions);
        var kept = stack[^1].State.Options!.ToJsonString();
        Assert.Contains("Please choose one of the buttons.", kept, StringComparison.Ordinal);
        Assert.DoesNotContain("dark lamp post", kept, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_question_of_its_own_asked_outside_a_waterfall_step_is_refused_before_anything_is_sent()
    {
        var dialogs = new DialogSet().Add(new ChoicePrompt("choose"));
        var turn = new Turn();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new DialogContext(dialogs, turn, []).BeginDialogAsync("choose", new OwnQuestion(Activity.Message("Your report: a dark lamp post."), Buttons), CancellationToken.None));
        Assert.Empty(turn.SentActivities);
    }

    private sealed class Turn : ITurnContext
    {
        private readonly List<Activity> _sent = [];

        public Activity Activity { get; } = Activity.Message("new report");

        public CultureInfo Culture { get; set; } = CultureInfo.GetCultureInfo("en");

        public IServiceProvider Services { get; } = new ServiceCollection().BuildServiceProvider();

        public IReadOnlyList<Activity> SentActivities => _sent;

        public Task SendAsync(Activity activity, CancellationToken cancellationToken)
        {
            _sent.Add(activity);
            return Task.CompletedTask;
        }
    }
}
