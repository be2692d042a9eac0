using System.Text.Json;
using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Tests.Dialogs;

public sealed class PromptOptionsMemoTests
{
    private static string Json(string question) =>
        JsonSerializer.Serialize(
            new PromptOptions(Activity.Message(question, [SuggestedAction.Reply("بله")]), Activity.Message("دوباره: " + question), [new Choice("yes", "بله", ["آره"])]),
            DialogJson.Options);

    [Fact]
    public void The_same_waiting_question_is_read_once_and_reads_back_whole()
    {
        var memo = new PromptOptionsMemo(16);
        var json = Json("کجاست؟");

        var first = memo.FromJson(json)!;
        var second = memo.FromJson(json)!;

        Assert.Same(first, second);
        Assert.Equal("کجاست؟", first.Prompt.Text);
        Assert.Equal("دوباره: کجاست؟", first.RetryPrompt!.Text);
        Assert.Equal("بله", Assert.Single(first.Prompt.SuggestedActions).Title);
        Assert.Equal(["آره"], Assert.Single(first.Choices!).Synonyms!);
    }

    [Fact]
    public void Different_questions_read_as_themselves()
    {
        var memo = new PromptOptionsMemo(16);

        Assert.Equal("یک", memo.FromJson(Json("یک"))!.Prompt.Text);
        Assert.Equal("دو", memo.FromJson(Json("دو"))!.Prompt.Text);
        Assert.Equal("یک", memo.FromJson(Json("یک"))!.Prompt.Text);
    }

    [Fact]
    public void Past_its_bound_the_memo_forgets_rather_than_grows()
    {
        var memo = new PromptOptionsMemo(8);
        var json = Json("اول");
        var first = memo.FromJson(json);

        for (var i = 0; i < 8; i++)
        {
            memo.FromJson(Json("سؤال " + i));
        }

        Assert.NotSame(first, memo.FromJson(json));
    }
}
