using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ChatIntake.Conversations;
using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Channels.DirectLine;

/// <summary>
/// Direct Line 3.0 for the official Web Chat client: tokens bound to one conversation, the activity log read by
/// watermark (answered at once, never held open: a slow or failed poll stops Web Chat's polling for good), posts
/// that are echoed with a server id and handed to the inbox, and uploads.
/// </summary>
public static class DirectLineEndpoints
{
    public const string CorsPolicy = "directline";
    private const int MaxActivityBytes = ActivityBody.MaxBytes;
    private const int PageSize = 100;

    public static void Map(IEndpointRouteBuilder app)
    {
        var v3 = app.MapGroup("/v3/directline").RequireCors(CorsPolicy);
        v3.MapPost("/tokens/generate", GenerateAsync);
        v3.MapPost("/tokens/refresh", Refresh);
        v3.MapPost("/conversations", StartAsync);
        v3.MapGet("/conversations/{conversationId}", ResumeAsync);
        v3.MapPost("/conversations/{conversationId}/activities", PostAsync).AddEndpointFilter(DirectLineThrottle.PostsAsync);
        v3.MapGet("/conversations/{conversationId}/activities", ReadAsync);
        v3.MapPost("/conversations/{conversationId}/upload", UploadAsync).DisableAntiforgery().AddEndpointFilter(DirectLineThrottle.UploadsAsync);
        app.MapGet("/webchat/files/{uploadId}/{signature}", WebChatFileEndpoint.GetAsync);
    }

    /// <summary>
    /// The built-in /chat page's token. The browser's signed cookie says which citizen it is (a new one when it has none);
    /// the page names the conversation it shows, else the citizen's latest one is resumed, and "new" starts another.
    /// Conversations are always the citizen's own: a named one of someone else's is not given.
    /// </summary>
    internal static async Task<IResult> PageTokenAsync(HttpContext http, DirectLineTokens tokens, WebChatLog log, WebChatIdentity identity, CancellationToken cancellationToken)
    {
        JsonObject? body;
        try
        {
            (body, _) = await ReadObjectAsync(http.Request, 1024);
        }
        catch (InvalidDataException)
        {
            return DirectLineError.TooBig(1024);
        }

        if (body is null)
        {
            // A bare POST (an embedding site's own script) keeps the old contract: a fresh conversation and citizen, no cookie.
            var bare = NewConversationGrant(tokens, DirectLineTokens.NewId("dl_"));
            await log.EnsureAsync(tokens.Read(bare.Token).Token!, cancellationToken);
            return Results.Ok(new PageGrant(bare, fresh: true));
        }

        var userId = identity.Read(http.Request) ?? DirectLineTokens.NewId("dl_");
        identity.Remember(http, userId);
        var asked = body["conversationId"] is JsonValue c && c.TryGetValue<string>(out var id) ? id : null;
        var startNew = body["new"] is JsonValue n && n.TryGetValue<bool>(out var fresh) && fresh;
        var resumed = startNew ? null
            : asked is not null && await log.FindAsync(asked, cancellationToken) is { } named && named.UserId == userId ? named
            : await log.LatestOfAsync(userId, cancellationToken);
        if (resumed is not null)
        {
            return Results.Ok(new PageGrant(Grant(tokens, new DirectLineToken(resumed.Id, userId, default)), fresh: false));
        }

        var grant = NewConversationGrant(tokens, userId);
        await log.EnsureAsync(tokens.Read(grant.Token).Token!, cancellationToken);
        return Results.Ok(new PageGrant(grant, fresh: true));
    }

    /// <summary>The city's web server, holding a site secret, asks for a token for a new conversation.</summary>
    private static async Task<IResult> GenerateAsync(HttpRequest request, DirectLineTokens tokens)
    {
        if (Bearer(request) is not { } presented)
        {
            return DirectLineError.MissingAuthorization();
        }

        if (!tokens.IsSiteSecret(presented))
        {
            return DirectLineError.Of(403, "Forbidden", "Only a site secret may generate tokens.");
        }

        JsonObject? body;
        try
        {
            (body, _) = await ReadObjectAsync(request, 4096);
        }
        catch (InvalidDataException)
        {
            return DirectLineError.TooBig(4096);
        }

        // Ids carried in tokens start "dl_", as the protocol reserves them.
        var userId = body?["user"] is JsonObject user && user["id"] is JsonValue id && id.TryGetValue<string>(out var given) && given.Length is > 0 and <= 48
            ? (given.StartsWith("dl_", StringComparison.Ordinal) ? given : "dl_" + given)
            : DirectLineTokens.NewId("dl_");
        return Results.Ok(NewConversationGrant(tokens, userId));
    }

    /// <summary>A fresh token for the same conversation; an expired one cannot be refreshed.</summary>
    private static IResult Refresh(HttpRequest request, DirectLineTokens tokens)
    {
        var (token, problem) = Authorize(request, tokens, null);
        return problem ?? Results.Ok(Grant(tokens, token!));
    }

    /// <summary>Starts (with a secret) or opens (with a token) a conversation: 201 when new, 200 when it existed.</summary>
    private static async Task<IResult> StartAsync(HttpRequest request, DirectLineTokens tokens, WebChatLog log, CancellationToken cancellationToken)
    {
        DirectLineToken token;
        if (Bearer(request) is { } presented && tokens.IsSiteSecret(presented))
        {
            var grant = NewConversationGrant(tokens, DirectLineTokens.NewId("dl_"));
            token = tokens.Read(grant.Token).Token!;
        }
        else
        {
            var (granted, problem) = Authorize(request, tokens, null);
            if (problem is not null)
            {
                return problem;
            }

            token = granted!;
        }

        var created = await log.EnsureAsync(token, cancellationToken);
        var answer = Grant(tokens, token);
        return created ? Results.Json(answer, statusCode: 201) : Results.Ok(answer);
    }

    private static async Task<IResult> ResumeAsync(string conversationId, HttpRequest request, DirectLineTokens tokens, WebChatLog log, CancellationToken cancellationToken)
    {
        var (token, problem) = Authorize(request, tokens, conversationId);
        if (problem is not null)
        {
            return problem;
        }

        return await log.FindAsync(conversationId, cancellationToken) is null ? DirectLineError.NotFound() : Results.Ok(Grant(tokens, token!));
    }

    private static async Task<IResult> ReadAsync(string conversationId, string? watermark, HttpRequest request, DirectLineTokens tokens, WebChatLog log, CancellationToken cancellationToken)
    {
        if (Authorize(request, tokens, conversationId) is { Problem: { } problem })
        {
            return problem;
        }

        var after = 0L;
        if (!string.IsNullOrEmpty(watermark) && !long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            return DirectLineError.BadArgument("The watermark is not one this server gave.");
        }

        if (await log.FindAsync(conversationId, cancellationToken) is not { } conversation)
        {
            return DirectLineError.NotFound();
        }

        await log.SeenAsync(conversation, after, cancellationToken);
        var (activities, last) = await log.ReadAsync(conversationId, after, PageSize, cancellationToken);
        var json = new StringBuilder("{\"activities\":[").AppendJoin(',', activities).Append("],\"watermark\":\"")
            .Append(last.ToString(CultureInfo.InvariantCulture)).Append("\"}");
        return Results.Content(json.ToString(), "application/json", Encoding.UTF8);
    }

    private static async Task<IResult> PostAsync(string conversationId, HttpRequest request, DirectLineTokens tokens, WebChatLog log, Inbox inbox, CancellationToken cancellationToken)
    {
        var (token, refusal) = Authorize(request, tokens, conversationId);
        if (refusal is not null)
        {
            return refusal;
        }

        if (request.ContentLength > MaxActivityBytes)
        {
            return DirectLineError.TooBig(MaxActivityBytes);
        }

        JsonObject? posted;
        string? problem;
        try
        {
            (posted, problem) = await ReadObjectAsync(request, MaxActivityBytes);
        }
        catch (InvalidDataException)
        {
            return DirectLineError.TooBig(MaxActivityBytes);
        }

        if (posted is null)
        {
            return DirectLineError.BadArgument(problem ?? "The body must be one activity as a JSON object.");
        }

        if (await log.FindAsync(conversationId, cancellationToken) is null)
        {
            return DirectLineError.NotFound();
        }

        return await TakeAsync(posted, [], token!, log, inbox, cancellationToken);
    }

    private static async Task<IResult> UploadAsync(string conversationId, HttpRequest request, DirectLineTokens tokens, WebChatLog log, WebChatFiles files, WebChatUploadReceiver receiver, Inbox inbox, CancellationToken cancellationToken)
    {
        var (token, problem) = Authorize(request, tokens, conversationId);
        if (problem is not null)
        {
            return problem;
        }

        if (await log.FindAsync(conversationId, cancellationToken) is null)
        {
            return DirectLineError.NotFound();
        }

        if (request.ContentLength > files.MaxBytes + MaxActivityBytes)
        {
            return DirectLineError.TooBig(files.MaxBytes);
        }

        var (posted, saved, refused) = await receiver.ReceiveAsync(conversationId, request, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var uploaded = saved.Select(Attachment).ToList();
        posted["type"] ??= "message";
        posted["attachments"] = new JsonArray([.. uploaded.Select(u => (JsonNode)new JsonObject
        {
            ["contentType"] = u.ContentType,
            ["contentUrl"] = files.Url(u.FileId),
            ["name"] = u.Name,
        })]);
        return await TakeAsync(posted, uploaded, token!, log, inbox, cancellationToken);
    }

    /// <summary>Echo first, so the user's message is in the log before any reply to it; then the inbox, which dedupes a resent post.</summary>
    private static async Task<IResult> TakeAsync(JsonObject posted, IReadOnlyList<ActivityAttachment> uploaded, DirectLineToken token, WebChatLog log, Inbox inbox, CancellationToken cancellationToken)
    {
        var (activity, refusal) = BotFrameworkActivity.FromUser(posted, token.UserId, uploaded);
        if (refusal is not null)
        {
            return DirectLineError.BadArgument(refusal);
        }

        if (activity is null)
        {
            // Typing and similar signals: accepted, nothing for the dialogs.
            return Results.Ok(new { id = string.Empty });
        }

        var clientId = posted["channelData"]?["clientActivityID"] is JsonValue c && c.TryGetValue<string>(out var cid) && cid.Length <= 100 ? cid : null;
        var (id, _) = await log.AppendAsync(token.ConversationId, clientId,
            (activityId, at) => BotFrameworkActivity.Echo(posted, token.ConversationId, activityId, at, token.UserId), cancellationToken);
        try
        {
            await inbox.AcceptAsync(new InboundUpdate(WebChatChannel.ChannelName, id, token.ConversationId, activity), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return DirectLineError.BotError();
        }

        return Results.Ok(new { id });
    }

    private static ActivityAttachment Attachment(WebChatUpload upload) =>
        new(upload.ContentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ? AttachmentKinds.Photo : AttachmentKinds.Document,
            upload.Id, upload.ContentType, upload.Size, upload.Name);

    private static ConversationGrant NewConversationGrant(DirectLineTokens tokens, string userId) =>
        Grant(tokens, new DirectLineToken(DirectLineTokens.NewId("dl-"), userId, default));

    private static ConversationGrant Grant(DirectLineTokens tokens, DirectLineToken token) =>
        new(token.ConversationId, tokens.Issue(token.ConversationId, token.UserId), (int)tokens.Lifetime.TotalSeconds);

    /// <summary>The token's grant for <paramref name="conversationId"/> (any conversation when null), or the protocol's refusal.</summary>
    private static (DirectLineToken? Token, IResult? Problem) Authorize(HttpRequest request, DirectLineTokens tokens, string? conversationId)
    {
        if (Bearer(request) is not { } presented)
        {
            return (null, DirectLineError.MissingAuthorization());
        }

        var (token, problem) = tokens.Read(presented);
        return problem switch
        {
            "expired" => (null, DirectLineError.TokenExpired()),
            not null => (null, DirectLineError.TokenInvalid()),
            _ when conversationId is not null && token!.ConversationId != conversationId => (null, DirectLineError.TokenInvalid()),
            _ => (token, null),
        };
    }

    private static string? Bearer(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7
            ? header[7..].Trim()
            : null;

    /// <summary>The body as one activity object, or why it is not one; throws InvalidDataException past <paramref name="limit"/> bytes.</summary>
    private static async Task<(JsonObject? Body, string? Problem)> ReadObjectAsync(HttpRequest request, int limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new InvalidDataException("too large");
            }

            buffer.Write(chunk, 0, read);
        }

        return ActivityBody.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>The /chat page's grant: the conversation's, and whether it was just made (the page then asks for the welcome).</summary>
    private sealed record PageGrant(
        [property: System.Text.Json.Serialization.JsonPropertyName("conversationId")] string ConversationId,
        [property: System.Text.Json.Serialization.JsonPropertyName("token")] string Token,
        [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn,
        [property: System.Text.Json.Serialization.JsonPropertyName("fresh")] bool Fresh)
    {
        public PageGrant(ConversationGrant grant, bool fresh) : this(grant.ConversationId, grant.Token, grant.ExpiresIn, fresh)
        {
        }
    }

    /// <summary>What token calls answer; streamUrl is left out: this server is polled.</summary>
    private sealed record ConversationGrant(
        [property: System.Text.Json.Serialization.JsonPropertyName("conversationId")] string ConversationId,
        [property: System.Text.Json.Serialization.JsonPropertyName("token")] string Token,
        [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn);
}
