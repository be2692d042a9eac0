using System.Net.Http.Headers;
using System.Text.Json;
using ChatIntake.Channels.Telegram.Api;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ChatIntake.Channels.Telegram;

/// <summary>
/// A thin typed client for one bot of a Telegram-shaped Bot API (Telegram, Bale). Each call is one JSON POST; the
/// envelope's failures become <see cref="BotApiException"/>. 5xx answers, timeouts and dropped connections are retried
/// with jittered backoff, and a short 429 is waited out; the token only ever appears in request URLs, never in logs.
/// </summary>
public sealed class BotApiClient
{
    private static readonly ResiliencePropertyKey<TimeSpan> AttemptTimeout = new("attempt-timeout");
    private static readonly ResiliencePropertyKey<bool> Retried = new("retried");
    private static readonly ResiliencePropertyKey<string> Method = new("method");
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly string _methodBase;
    private readonly string _fileBase;
    private readonly BotOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger _logger;

    public BotApiClient(string name, HttpClient http, BotOptions options, TimeProvider time, ILogger<BotApiClient> logger)
    {
        Name = name;
        Health = new BotApiHealth(time);
        _http = http;
        _options = options;
        _logger = logger;

        // Absolute URLs: relative to a BaseAddress, "bot123:ABC/getMe" would parse as a URI with the scheme "bot123".
        _methodBase = $"{options.ApiBaseUrl.TrimEnd('/')}/bot{options.BotToken}/";
        _fileBase = $"{options.FileBase()}file/bot{options.BotToken}/";
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Context.Properties.GetValue(Retried, true) && IsTransient(args.Outcome.Exception)),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is BotApiException { RetryAfter: { } wait } ? wait : (TimeSpan?)null),
                OnRetry = args =>
                {
                    _logger.LogInformation("{Bot} {Method} failed ({Error}); attempt {Attempt} in {Delay}",
                        Name, args.Context.Properties.GetValue(Method, "file download"), Describe(args.Outcome.Exception), args.AttemptNumber + 2, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = args => ValueTask.FromResult(args.Context.Properties.GetValue(AttemptTimeout, options.RequestTimeout)) })
            .Build();
    }

    /// <summary>The channel name this bot delivers for ("telegram", "bale").</summary>
    public string Name { get; }

    /// <summary>Whether the Bot API answered the last call that matters; /healthz reports it.</summary>
    public BotApiHealth Health { get; }

    public Task<User> GetMeAsync(CancellationToken cancellationToken) => CallAsync<User>("getMe", null, cancellationToken);

    /// <summary>Each update is parsed on its own: one the client does not understand is skipped, never the batch.</summary>
    public async Task<IReadOnlyList<JsonElement>> GetUpdatesAsync(long? offset, int limit, IReadOnlyList<string> allowedUpdates, CancellationToken cancellationToken) =>
        await CallAsync<List<JsonElement>>("getUpdates", new GetUpdatesRequest(offset, limit, (int)_options.PollTimeout.TotalSeconds, allowedUpdates), cancellationToken,
            timeout: _options.RequestTimeout + _options.PollTimeout);

    public Task SetWebhookAsync(SetWebhookRequest request, CancellationToken cancellationToken) => CallAsync<JsonElement>("setWebhook", request, cancellationToken);

    public Task DeleteWebhookAsync(bool dropPendingUpdates, CancellationToken cancellationToken) =>
        CallAsync<JsonElement>("deleteWebhook", new DeleteWebhookRequest(dropPendingUpdates), cancellationToken);

    public Task<WebhookInfo> GetWebhookInfoAsync(CancellationToken cancellationToken) => CallAsync<WebhookInfo>("getWebhookInfo", null, cancellationToken);

    /// <summary>
    /// Retried on a timeout like every call: Telegram has no idempotency key, so a message it accepted just before the
    /// connection failed can arrive twice. That is the lesser harm than a citizen never hearing back.
    /// </summary>
    public Task<SentMessage> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken) =>
        CallAsync<SentMessage>("sendMessage", request, cancellationToken);

    public Task<SentMessage> SendPhotoAsync(SendPhotoRequest request, CancellationToken cancellationToken) => CallAsync<SentMessage>("sendPhoto", request, cancellationToken);

    /// <summary>Uploads a photo kept on disk (one the messenger has no file id for, such as a panel upload), as multipart form data.</summary>
    public async Task<SentMessage> SendPhotoFileAsync(long chatId, string path, string contentType, string fileName, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        return await CallWithContentAsync<SentMessage>("sendPhoto", () =>
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(chatId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "chat_id" },
            };
            var photo = new ByteArrayContent(bytes);
            photo.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            form.Add(photo, "photo", fileName);
            return form;
        }, cancellationToken);
    }

    /// <summary>Uploads a document made on the spot (a citizen's /mydata copy) with an optional caption.</summary>
    public Task<SentMessage> SendDocumentFileAsync(long chatId, byte[] content, string contentType, string fileName, string? caption, CancellationToken cancellationToken) =>
        CallWithContentAsync<SentMessage>("sendDocument", () =>
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(chatId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "chat_id" },
            };
            if (!string.IsNullOrEmpty(caption))
            {
                form.Add(new StringContent(caption), "caption");
            }

            var document = new ByteArrayContent(content);
            document.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            form.Add(document, "document", fileName);
            return form;
        }, cancellationToken);

    /// <summary>Best effort, once: a callback answer is only useful within seconds.</summary>
    public Task AnswerCallbackQueryAsync(AnswerCallbackQueryRequest request, CancellationToken cancellationToken) =>
        CallAsync<JsonElement>("answerCallbackQuery", request, cancellationToken, retry: false);

    public Task<JsonElement> EditMessageTextAsync(EditMessageTextRequest request, CancellationToken cancellationToken) =>
        CallAsync<JsonElement>("editMessageText", request, cancellationToken);

    public Task<JsonElement> EditMessageReplyMarkupAsync(EditMessageReplyMarkupRequest request, CancellationToken cancellationToken) =>
        CallAsync<JsonElement>("editMessageReplyMarkup", request, cancellationToken, retry: false);

    public Task<BotFile> GetFileAsync(string fileId, CancellationToken cancellationToken) => CallAsync<BotFile>("getFile", new GetFileRequest(fileId), cancellationToken);

    public Task SetMyCommandsAsync(SetMyCommandsRequest request, CancellationToken cancellationToken) =>
        CallAsync<JsonElement>("setMyCommands", request, cancellationToken, retry: false);

    /// <summary>"typing…" for up to five seconds; best effort, once.</summary>
    public Task SendChatActionAsync(long chatId, CancellationToken cancellationToken) =>
        CallAsync<JsonElement>("sendChatAction", new SendChatActionRequest(chatId), cancellationToken, retry: false);

    /// <summary>Copies a file from the messenger's file server into <paramref name="destination"/>, refusing one larger than <paramref name="maxBytes"/>.</summary>
    public async Task<long> DownloadFileAsync(string filePath, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            return await _pipeline.ExecuteAsync(async (ctx, _) =>
            {
                destination.SetLength(0);
                using var response = await _http.GetAsync(_fileBase + filePath.TrimStart('/'), HttpCompletionOption.ResponseHeadersRead, ctx.CancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw BotApiException.From("file download", (int)response.StatusCode, response.ReasonPhrase, null, fromBotApi: false);
                }

                if (response.Content.Headers.ContentLength > maxBytes)
                {
                    throw new FileTooLargeException(response.Content.Headers.ContentLength.Value, maxBytes);
                }

                await using var source = await response.Content.ReadAsStreamAsync(ctx.CancellationToken);
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await source.ReadAsync(buffer, ctx.CancellationToken)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        throw new FileTooLargeException(total, maxBytes);
                    }

                    await destination.WriteAsync(buffer.AsMemory(0, read), ctx.CancellationToken);
                }

                return total;
            }, context, 0);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<T> CallAsync<T>(string method, object? parameters, CancellationToken cancellationToken, TimeSpan? timeout = null, bool retry = true)
    {
        // Serialised once: every attempt sends the same bytes.
        var body = parameters is null ? [] : JsonSerializer.SerializeToUtf8Bytes(parameters, parameters.GetType(), BotApiJson.Options);
        return await CallWithContentAsync<T>(method, () => body.Length == 0 ? null : new ByteArrayContent(body) { Headers = { ContentType = Json } }, cancellationToken, timeout, retry);
    }

    /// <summary>One call with its retries; <paramref name="content"/> makes a fresh body for each attempt.</summary>
    private async Task<T> CallWithContentAsync<T>(string method, Func<HttpContent?> content, CancellationToken cancellationToken, TimeSpan? timeout = null, bool retry = true)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Retried, retry);
        context.Properties.Set(Method, method);
        if (timeout is { } t)
        {
            context.Properties.Set(AttemptTimeout, t);
        }

        try
        {
            return await _pipeline.ExecuteAsync((ctx, state) => state.Client.AttemptAsync<T>(state.Method, state.Content, ctx.CancellationToken), context, (Client: this, Method: method, Content: content));
        }
        catch (TimeoutRejectedException ex) when (BotApiHealth.Watches(method))
        {
            // The attempt itself only saw its token cancelled.
            Health.Failed(method, ex);
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One attempt, its outcome noted for /healthz.</summary>
    private async ValueTask<T> AttemptAsync<T>(string method, Func<HttpContent?> content, CancellationToken cancellationToken)
    {
        if (!BotApiHealth.Watches(method))
        {
            return await CallOnceAsync<T>(method, content, cancellationToken);
        }

        try
        {
            var result = await CallOnceAsync<T>(method, content, cancellationToken);
            Health.Answered();
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Health.Failed(method, ex);
            throw;
        }
    }

    private async ValueTask<T> CallOnceAsync<T>(string method, Func<HttpContent?> content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _methodBase + method) { Content = content() };

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        BotApiResponse<T>? envelope = null;
        try
        {
            envelope = bytes.Length == 0 ? null : JsonSerializer.Deserialize<BotApiResponse<T>>(bytes, BotApiJson.Options);
        }
        catch (JsonException) when (!response.IsSuccessStatusCode)
        {
            // Not the API's envelope (a proxy's page, an emulator's own error): judged by the status alone below.
        }

        if (response.IsSuccessStatusCode && envelope is { Ok: true, Result: { } result })
        {
            return result;
        }

        if (envelope is { Ok: false } failure)
        {
            throw BotApiException.From(method, (int)response.StatusCode, failure.Description, failure.Parameters?.RetryAfter, fromBotApi: true);
        }

        var text = System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 300));
        throw BotApiException.From(method, (int)response.StatusCode, response.IsSuccessStatusCode ? "the answer had no result" : text, null, fromBotApi: false);
    }

    private bool IsTransient(Exception? exception) => exception switch
    {
        BotApiException api => api.IsServerError || (api.IsRateLimited && (api.RetryAfter ?? TimeSpan.Zero) <= _options.MaxInlineRetryAfter),
        HttpRequestException or TimeoutRejectedException or IOException => true,
        _ => false,
    };

    /// <summary>An error for the log: the type and message only, which never carry the request URL and its token.</summary>
    internal static string Describe(Exception? exception) => exception switch
    {
        null => "no error",
        BotApiException api => $"{api.StatusCode} {api.Description}",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
