using ChatIntake.Channels.Telegram;
using ChatIntake.Channels.Telegram.Api;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatIntake.Tests.Channels.Telegram;

/// <summary>Every Bot API method the client offers, as the API sees it: method name and snake_case parameters.</summary>
public sealed class BotApiClientTests : IAsyncLifetime
{
    private FakeBotApi _api = null!;
    private BotApiClient _client = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeBotApi.StartAsync();
        var options = new BotOptions { BotToken = FakeBotApi.Token, ApiBaseUrl = _api.BaseUrl, RetryDelay = TimeSpan.FromMilliseconds(10) };
        _client = new BotApiClient("telegram", new HttpClient(), options, TimeProvider.System, NullLogger<BotApiClient>.Instance);
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Each_method_sends_its_name_and_parameters_as_the_api_expects()
    {
        var me = await _client.GetMeAsync(default);
        await _client.SetWebhookAsync(new SetWebhookRequest("https://x.example/webhooks/telegram", "s3", MessengerBot.AllowedUpdates), default);
        await _client.DeleteWebhookAsync(dropPendingUpdates: true, default);
        var info = await _client.GetWebhookInfoAsync(default);
        var sent = await _client.SendMessageAsync(new SendMessageRequest(8_000_000_001, "hi", "HTML", new ReplyKeyboardRemove()), default);
        await _client.SendPhotoAsync(new SendPhotoRequest(42, "file-9", "caption"), default);
        await _client.AnswerCallbackQueryAsync(new AnswerCallbackQueryRequest("cb-1"), default);
        await _client.EditMessageTextAsync(new EditMessageTextRequest(42, 7, "edited", "HTML"), default);
        await _client.EditMessageReplyMarkupAsync(new EditMessageReplyMarkupRequest(42, 7), default);
        await _client.SetMyCommandsAsync(new SetMyCommandsRequest([new BotCommand("new", "ثبت گزارش جدید")], "fa"), default);
        await _client.SendChatActionAsync(42, default);
        var file = await _client.GetFileAsync("file-9", default);
        using var copy = new MemoryStream();
        var size = await _client.DownloadFileAsync(file.FilePath!, copy, 1_000_000, default);

        Assert.Equal("city_test_bot", me.Username);
        Assert.Equal("", info.Url);
        Assert.True(sent.MessageId > 0);
        Assert.Equal(FakeBotApi.PhotoBytes.Length, size);
        Assert.Equal(FakeBotApi.PhotoBytes, copy.ToArray());
        var calls = _api.Calls.ToDictionary(c => c.Method, c => c.Body.ToJsonString());
        Assert.Contains("\"secret_token\":\"s3\"", calls["setWebhook"]);
        Assert.Contains("\"drop_pending_updates\":true", calls["deleteWebhook"]);
        Assert.Contains("\"chat_id\":8000000001", calls["sendMessage"]);
        Assert.Contains("\"reply_markup\":{\"remove_keyboard\":true}", calls["sendMessage"]);
        Assert.Contains("\"photo\":\"file-9\"", calls["sendPhoto"]);
        Assert.Contains("\"callback_query_id\":\"cb-1\"", calls["answerCallbackQuery"]);
        Assert.Contains("\"message_id\":7", calls["editMessageText"]);
        Assert.DoesNotContain("reply_markup", calls["editMessageReplyMarkup"]); // no markup: the buttons are removed
        Assert.Contains("\"language_code\":\"fa\"", calls["setMyCommands"]);
        Assert.Equal("ثبت گزارش جدید", _api.Calls.Single(c => c.Method == "setMyCommands").Body["commands"]![0]!["description"]!.GetValue<string>());
        Assert.Contains("\"action\":\"typing\"", calls["sendChatAction"]);
        Assert.Contains("\"file_id\":\"file-9\"", calls["getFile"]);
    }

    [Fact]
    public async Task A_download_over_the_limit_is_refused()
    {
        var file = await _client.GetFileAsync("file-9", default);

        await Assert.ThrowsAsync<FileTooLargeException>(() => _client.DownloadFileAsync(file.FilePath!, new MemoryStream(), 100, default));
    }

    [Fact]
    public async Task Server_errors_are_retried_and_a_bad_request_is_not()
    {
        _api.PlanFaults(Fault.ServerError, Fault.ServerError, Fault.BadRequest);

        var error = await Assert.ThrowsAsync<BotApiException>(() => _client.SendMessageAsync(new SendMessageRequest(42, "hi"), default));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal(3, _api.Calls.Count(c => c.Method == "sendMessage"));
    }
}
