using ChatIntake.Channels.Telegram;

namespace ChatIntake.Tests.Channels.Telegram;

public sealed class BotApiExceptionTests
{
    [Fact]
    public void Retry_after_comes_from_the_parameters_or_else_from_an_older_answers_text()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), BotApiException.From("sendMessage", 429, "Too Many Requests", 7, true).RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(17), BotApiException.From("sendMessage", 429, "Too Many Requests: retry after 17", null, true).RetryAfter);
        Assert.Null(BotApiException.From("sendMessage", 400, "retry after 17", null, true).RetryAfter);
    }

    [Theory]
    [InlineData(403, "Forbidden: bot was blocked by the user", "gone")]
    [InlineData(429, "Too Many Requests", "rate")]
    [InlineData(502, "Bad Gateway", "server")]
    [InlineData(409, "Conflict: terminated by other getUpdates request", "conflict")]
    [InlineData(401, "Unauthorized", "token")]
    [InlineData(400, "Bad Request: message is not modified", "unchanged")]
    public void The_kind_of_failure_is_read_from_the_status(int status, string description, string kind)
    {
        var ex = BotApiException.From("m", status, description, null, true);

        Assert.Equal(kind == "gone", ex.IsRecipientGone);
        Assert.Equal(kind == "rate", ex.IsRateLimited);
        Assert.Equal(kind == "server", ex.IsServerError);
        Assert.Equal(kind == "conflict", ex.IsConflict);
        Assert.Equal(kind == "token", ex.IsUnauthorized);
        Assert.Equal(kind == "unchanged", ex.IsNotModified);
    }
}
