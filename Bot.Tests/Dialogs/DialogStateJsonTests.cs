using System.Text;
using System.Text.Json.Nodes;
using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Tests.Dialogs;

/// <summary>The dialog state is read and written by hand (<c>DialogStateJson</c>): every field must survive the trip, in the shape stored before.</summary>
public sealed class DialogStateJsonTests
{
    [Fact]
    public void Every_field_of_every_dialog_on_the_stack_is_written_and_read_back()
    {
        var state = new DialogState
        {
            Stack =
            [
                new DialogInstance
                {
                    Id = "report",
                    Version = 2,
                    State = new DialogInstanceState
                    {
                        Stack =
                        [
                            new DialogInstance
                            {
                                Id = "report.steps",
                                Version = 1,
                                State = new DialogInstanceState { Step = "place", Values = new JsonObject { ["category"] = "lighting", ["point"] = new JsonObject { ["latitude"] = 35.7 } } },
                            },
                            new DialogInstance
                            {
                                Id = "report.place",
                                Version = 1,
                                State = new DialogInstanceState { Options = "{\"prompt\":{\"text\":\"کجا؟ \\\"دقیق\\\"\"}}", SharedOptions = "q-fa-1", Attempts = 3 },
                            },
                        ],
                    },
                },
            ],
            Values = new JsonObject { ["language"] = "fa" },
        };

        var written = state.ToUtf8Json();
        var read = DialogState.FromUtf8Json(written, out var unreadable);

        Assert.False(unreadable);
        var report = Assert.Single(read.Stack);
        Assert.Equal(("report", 2), (report.Id, report.Version));
        var inner = report.State.Stack!;
        Assert.Equal(["report.steps", "report.place"], inner.Select(i => i.Id));
        Assert.Equal("place", inner[0].State.Step);
        Assert.Equal("lighting", inner[0].State.Values!["category"]!.GetValue<string>());
        Assert.Equal(35.7, inner[0].State.Values!["point"]!["latitude"]!.GetValue<double>());
        Assert.Equal("{\"prompt\":{\"text\":\"کجا؟ \\\"دقیق\\\"\"}}", inner[1].State.Options!.GetValue<string>());
        Assert.Equal(("q-fa-1", 3), (inner[1].State.SharedOptions, inner[1].State.Attempts));
        Assert.Equal("fa", read.Values["language"]!.GetValue<string>());
        Assert.Equal(written, read.ToUtf8Json());

        // Persian stored as itself, nulls left out, as the serializer wrote it.
        var text = Encoding.UTF8.GetString(written);
        Assert.Contains("کجا؟", text);
        Assert.DoesNotContain("null", text);
        Assert.StartsWith("{\"stack\":[{\"id\":\"report\",\"version\":2,\"state\":", text);
    }

    [Fact]
    public void A_state_stored_by_the_earlier_engine_is_written_back_as_the_same_document()
    {
        var read = DialogState.FromJson(EarlierDialogStates.Summary, out var unreadable);

        Assert.False(unreadable);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(EarlierDialogStates.Summary), JsonNode.Parse(read.ToJson())));
    }

    [Theory]
    [InlineData("{\"stack\":[{\"id\":5,\"version\":1}]}")]
    [InlineData("{\"stack\":[{\"id\":\"report\",\"version\":\"one\"}]}")]
    [InlineData("{\"stack\":[{\"id\":\"report\",\"version\":99999999999}]}")]
    [InlineData("{\"stack\":[{\"id\":\"report\"}]}")]
    [InlineData("{\"stack\":{\"id\":\"report\"}}")]
    [InlineData("{\"stack\":[{\"id\":\"report\",\"version\":1,\"state\":{\"attempts\":\"many\"}}]}")]
    [InlineData("{\"stack\":[{\"id\":\"report\",\"version\":1,\"state\":{\"values\":[1]}}]}")]
    [InlineData("{\"stack\":[")]
    [InlineData("[1, 2]")]
    public void A_state_with_a_value_of_the_wrong_kind_is_unreadable_rather_than_an_error(string json)
    {
        var read = DialogState.FromJson(json, out var unreadable);

        Assert.True(unreadable);
        Assert.Empty(read.Stack);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("  ")]
    [InlineData("{}")]
    [InlineData("{\"stack\":null,\"values\":null,\"later\":{\"kept\":[1,{\"a\":2}]}}")]
    public void An_empty_state_or_one_with_names_this_build_does_not_know_reads_as_empty(string json)
    {
        var read = DialogState.FromJson(json, out var unreadable);

        Assert.False(unreadable);
        Assert.Empty(read.Stack);
        Assert.Empty(read.Values);
    }
}
