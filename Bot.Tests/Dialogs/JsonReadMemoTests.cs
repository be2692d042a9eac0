using System.Text.Json;
using System.Text.Json.Nodes;
using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Tests.Dialogs;

public sealed class JsonReadMemoTests
{
    private static string Json(string question) =>
        JsonSerializer.Serialize(
            new PromptOptions(Activity.Message(question, [SuggestedAction.Reply("بله")]), Activity.Message("دوباره: " + question), [new Choice("yes", "بله", ["آره"])]),
            DialogJson.Options);

    [Fact]
    public void The_same_waiting_question_is_read_once_and_reads_back_whole()
    {
        var memo = new JsonReadMemo<PromptOptions>(16, DialogJson.Options);
        var json = Json("کجاست؟");

        var first = memo.Read(json)!;
        var second = memo.Read(json)!;

        Assert.Same(first, second);
        Assert.Equal("کجاست؟", first.Prompt.Text);
        Assert.Equal("دوباره: کجاست؟", first.RetryPrompt!.Text);
        Assert.Equal("بله", Assert.Single(first.Prompt.SuggestedActions).Title);
        Assert.Equal(["آره"], Assert.Single(first.Choices!).Synonyms!);
    }

    [Fact]
    public void Different_questions_read_as_themselves()
    {
        var memo = new JsonReadMemo<PromptOptions>(16, DialogJson.Options);

        Assert.Equal("یک", memo.Read(Json("یک"))!.Prompt.Text);
        Assert.Equal("دو", memo.Read(Json("دو"))!.Prompt.Text);
        Assert.Equal("یک", memo.Read(Json("یک"))!.Prompt.Text);
    }

    [Fact]
    public void Past_its_bound_the_memo_forgets_rather_than_grows()
    {
        var memo = new JsonReadMemo<PromptOptions>(8, DialogJson.Options);
        var json = Json("اول");
        var first = memo.Read(json);

        for (var i = 0; i < 8; i++)
        {
            memo.Read(Json("سؤال " + i));
        }

        Assert.NotSame(first, memo.Read(json));
    }

    [Fact]
    public void Options_nested_in_stored_state_are_read_once_as_stored_and_read_back_whole()
    {
        var memo = new JsonReadMemo<PromptOptions>(16, DialogJson.Options);
        var json = Json("نشانی \"دقیق\" کجاست؟"); // quotes inside: the stored form is escaped, the plain one not
        var stored = JsonSerializer.Serialize(new JsonObject { ["options"] = json }, DialogJson.Options);
        var nested = JsonDocument.Parse(stored).RootElement.GetProperty("options");

        var first = memo.ReadNested(nested)!;
        var again = memo.ReadNested(JsonDocument.Parse(stored).RootElement.GetProperty("options"))!;

        Assert.Same(first, again);
        Assert.Equal("نشانی \"دقیق\" کجاست؟", first.Prompt.Text);
        Assert.Equal(first.Prompt.Text, memo.Read(json)!.Prompt.Text);
        var other = JsonSerializer.Serialize(new JsonObject { ["options"] = Json("دیگر") }, DialogJson.Options);
        Assert.Equal("دیگر", memo.ReadNested(JsonDocument.Parse(other).RootElement.GetProperty("options"))!.Prompt.Text);
    }
}
