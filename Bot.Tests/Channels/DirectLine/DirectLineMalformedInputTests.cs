using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ChatIntake.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChatIntake.Tests.Channels.DirectLine;

/// <summary>Whatever bytes a client posts as an activity or an upload, the answer is the protocol's: 400 with its error body, never a 500.</summary>
public sealed class DirectLineMalformedInputTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly WebChatTestHost _host = new("fuzz", new Dictionary<string, string?>
    {
        ["DirectLine:MaxUploadBytes"] = "65536",
        // The fuzz uploads many files into few conversations; the quota is tested on its own.
        ["DirectLine:UploadsPerWindow"] = "100000",
        ["DirectLine:UploadBytesPerWindow"] = "1000000000",
        // Likewise the flood limits, tested in DirectLineThrottleTests: the fuzz must reach the parser, not the limiter.
        ["DirectLine:PostsPerMinutePerConversation"] = "100000",
        ["DirectLine:PostsPerMinutePerAddress"] = "1000000",
        ["DirectLine:UploadsPerMinutePerConversation"] = "10000",
        ["DirectLine:UploadsPerMinutePerAddress"] = "100000",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Theory]
    [InlineData("""{"type":"message","text":"hi","from":"citizen"}""")]
    [InlineData("""{"type":"message","text":"hi","from":[1,2]}""")]
    [InlineData("""{"type":"message","text":"hi","channelData":"x"}""")]
    [InlineData("""{"type":"message","text":"hi","channelData":[{"clientActivityID":"a"}]}""")]
    [InlineData("""{"type":"message","text":"one","text":"two"}""")]
    [InlineData("""{"type":"message","text":"hi","from":{"id":"a","id":"b"}}""")]
    [InlineData("""{"type":"event","name":"location","value":{"latitude":"35.7","longitude":"51.4"}}""")]
    [InlineData("""{"type":"event","name":"location","value":{"latitude":1e400,"longitude":51.4}}""")]
    [InlineData("""{"type":"message","text":"\ud800"}""")]
    [InlineData("""{"type":"message","text":"hi","from":{"name":"\udc00x"}}""")]
    [InlineData("""{"type":"message","\ud800":"hi","text":"hi"}""")]
    public async Task Malformed_activity_gets_400_with_the_protocols_error_body(string body)
    {
        var chat = await DirectLineTestClient.StartAsync(_host.Http);

        var response = await chat.PostRawAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadArgument", await WebChatUploads.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task An_activity_that_is_not_utf8_gets_400()
    {
        var chat = await DirectLineTestClient.StartAsync(_host.Http);
        byte[] body = [.. "{\"type\":\"message\",\"text\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8];

        var response = await _host.Http.SendAsync(chat.Request(HttpMethod.Post, $"/v3/directline/conversations/{chat.ConversationId}/activities",
            content: new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadArgument", await WebChatUploads.ErrorCodeAsync(response));
    }

    [Theory]
    [InlineData("""{"type":""")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"type":"message","from":"citizen"}""")]
    [InlineData("""{"type":"message","channelData":7}""")]
    [InlineData("""{"type":"message","text":"\ud800"}""")]
    public async Task A_broken_activity_part_of_an_upload_gets_400_and_nothing_is_kept(string activity)
    {
        var chat = await DirectLineTestClient.StartAsync(_host.Http);

        var response = await WebChatUploads.PostAsync(_host.Http, chat, WebChatUploads.Form(WebChatUploads.Png, "image/png", "lamp.png", activity));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadArgument", await WebChatUploads.ErrorCodeAsync(response));
        await using var db = _host.Bot.CreateDbContext();
        Assert.Equal(0, db.WebChatActivities.Count(a => a.ConversationId == chat.ConversationId && a.Json.Contains("attachments")));
    }

    [Fact]
    public async Task An_upload_whose_activity_part_is_larger_than_any_activity_may_be_gets_413()
    {
        var chat = await DirectLineTestClient.StartAsync(_host.Http);
        var huge = DirectLineTestClient.Message(new string('x', 60_000), "en-US", "big").ToJsonString();

        var response = await WebChatUploads.PostAsync(_host.Http, chat, WebChatUploads.Form(WebChatUploads.Png, "image/png", "lamp.png", huge + new string(' ', 10_000)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("MessageSizeTooBig", await WebChatUploads.ErrorCodeAsync(response));
        await using var db = _host.Bot.CreateDbContext();
        Assert.Equal(0, db.WebChatActivities.Count(a => a.ConversationId == chat.ConversationId && a.Json.Contains("xxxxxxxx")));
    }

    /// <summary>Generated and mutated bodies (seeded, so a failure replays) against both endpoints: no answer may be a 5xx.</summary>
    [Fact]
    public async Task Thousands_of_generated_and_mutated_bodies_never_get_a_server_error()
    {
        const int Activities = 2500;
        const int Uploads = 500;
        var budget = TimeSpan.FromSeconds(150);
        var random = new Random(20261202);
        var fuzz = new ActivityFuzz(random);
        var chats = new List<DirectLineTestClient>();
        for (var i = 0; i < 4; i++)
        {
            chats.Add(await DirectLineTestClient.StartAsync(_host.Http));
        }

        var failures = new List<string>();
        var sent = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Activities + Uploads && clock.Elapsed < budget; i++)
        {
            var chat = chats[i % chats.Count];
            var body = fuzz.Next();
            HttpResponseMessage response;
            string shown;
            if (i < Activities)
            {
                response = await _host.Http.SendAsync(chat.Request(HttpMethod.Post, $"/v3/directline/conversations/{chat.ConversationId}/activities",
                    content: new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }));
                shown = "activities " + Show(body);
            }
            else
            {
                var (content, what) = await fuzz.UploadAsync(body);
                response = await WebChatUploads.PostAsync(_host.Http, chat, content);
                shown = "upload " + what;
            }

            sent++;
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{(int)response.StatusCode} {shown}");
            }
        }

        output.WriteLine($"{sent} bodies in {clock.Elapsed.TotalSeconds:0.0} s, {failures.Count} answered 5xx");
        foreach (var failure in failures.Take(30))
        {
            output.WriteLine(failure);
        }

        Assert.True(sent >= 1000, $"only {sent} bodies were sent within the time budget");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} bodies got a 5xx, e.g.\n{string.Join('\n', failures.Take(10))}");
    }

    private static string Show(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length > 200 ? text[..200] + "…" : text;
    }

    /// <summary>Activities as Web Chat sends them, then broken: values swapped for other JSON, keys repeated, bytes flipped, cut or inserted.</summary>
    private sealed class ActivityFuzz(Random random)
    {
        private static readonly string[] Seeds =
        [
            """{"type":"message","text":"/start","locale":"en-US","from":{"id":"r_user","name":"Citizen","role":"user"},"channelData":{"clientActivityID":"c1"}}""",
            """{"type":"event","name":"location","value":{"latitude":35.72,"longitude":51.37},"from":{"id":"r_user"}}""",
            """{"type":"event","name":"webchat/join","value":"","locale":"fa-IR","from":{"id":"r_user"}}""",
            """{"type":"event","name":"webchat/lang","value":"en","from":{"id":"r_user"}}""",
            """{"type":"message","text":"","value":"yes","channelData":{"postBack":true,"clientActivityID":"c2"},"from":{"id":"r_user"}}""",
            """{"type":"typing","from":{"id":"r_user"}}""",
            """{"type":"message","text":"hello","attachments":[{"contentType":"image/png","contentUrl":"blob:x","name":"a.png"}],"entities":[{"type":"ClientCapabilities"}]}""",
        ];

        private static readonly string[] Keys = ["type", "text", "from", "channelData", "value", "name", "locale", "attachments", "entities", "conversation", "recipient", "id", "latitude", "longitude", "clientActivityID", "textFormat"];

        public byte[] Next()
        {
            var choice = random.Next(10);
            if (choice < 4)
            {
                var node = JsonNode.Parse(Seeds[random.Next(Seeds.Length)])!;
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    Mutate(node, 0);
                }

                return Encoding.UTF8.GetBytes(node.ToJsonString());
            }

            if (choice < 8)
            {
                return MutateBytes(Encoding.UTF8.GetBytes(Seeds[random.Next(Seeds.Length)]));
            }

            return Encoding.UTF8.GetBytes(RandomText(0));
        }

        /// <summary>A multipart upload built from a fuzzed activity part, or a broken form, or a raw body of any type.</summary>
        public async Task<(HttpContent Content, string What)> UploadAsync(byte[] activity)
        {
            var file = random.Next(3) switch
            {
                0 => WebChatUploads.Png,
                1 => MutateBytes(WebChatUploads.Png),
                _ => Encoding.UTF8.GetBytes(RandomText(0)),
            };
            var types = new[] { "image/png", "image/svg+xml", "text/html", "application/json", "", "image/", "x/y; charset=\"", "application/vnd.microsoft.activity" };
            var type = types[random.Next(types.Length)];
            switch (random.Next(5))
            {
                case 0:
                    {
                        var raw = new ByteArrayContent(MutateBytes(file));
                        raw.Headers.TryAddWithoutValidation("Content-Type", type);
                        return (raw, $"raw {type}");
                    }

                case 1:
                    {
                        // A form whose framing itself is broken: the bytes of a real form, mutated.
                        var form = WebChatUploads.Form(file, "image/png", "a.png", Encoding.UTF8.GetString(activity));
                        var bytes = await form.ReadAsByteArrayAsync();
                        var broken = new ByteArrayContent(MutateBytes(bytes));
                        broken.Headers.TryAddWithoutValidation("Content-Type", form.Headers.ContentType!.ToString());
                        return (broken, "mutated form");
                    }

                default:
                    {
                        var form = new MultipartFormDataContent();
                        var part = new ByteArrayContent(file);
                        part.Headers.TryAddWithoutValidation("Content-Type", type);
                        form.Add(part, "file", random.Next(2) == 0 ? "a.png" : "\u202Egnp.svg");
                        var described = new ByteArrayContent(activity);
                        described.Headers.TryAddWithoutValidation("Content-Type", "application/vnd.microsoft.activity");
                        form.Add(described, "activity", "blob");
                        return (form, "form with activity " + Show(activity));
                    }
            }
        }

        private void Mutate(JsonNode node, int depth)
        {
            if (node is JsonObject obj)
            {
                var keys = obj.Select(p => p.Key).ToList();
                switch (random.Next(4))
                {
                    case 0 when keys.Count > 0:
                        obj[keys[random.Next(keys.Count)]] = RandomNode(depth + 1);
                        break;
                    case 1:
                        obj[Keys[random.Next(Keys.Length)]] = RandomNode(depth + 1);
                        break;
                    case 2 when keys.Count > 0:
                        obj.Remove(keys[random.Next(keys.Count)]);
                        break;
                    default:
                        if (keys.Count > 0 && obj[keys[random.Next(keys.Count)]] is { } child && depth < 4)
                        {
                            Mutate(child, depth + 1);
                        }

                        break;
                }
            }
            else if (node is JsonArray array && array.Count > 0 && depth < 4)
            {
                array[random.Next(array.Count)] = RandomNode(depth + 1);
            }
        }

        private JsonNode? RandomNode(int depth) => random.Next(depth > 3 ? 6 : 9) switch
        {
            0 => null,
            1 => JsonValue.Create(random.Next(2) == 0),
            2 => JsonValue.Create(random.NextDouble() * 1e6 - 5e5),
            3 => JsonValue.Create(RandomString()),
            4 => JsonValue.Create(long.MaxValue),
            5 => JsonValue.Create(""),
            6 => new JsonArray([RandomNode(depth + 1), RandomNode(depth + 1)]),
            7 => new JsonObject { [Keys[random.Next(Keys.Length)]] = RandomNode(depth + 1), [Keys[random.Next(Keys.Length)] + "x"] = RandomNode(depth + 1) },
            _ => new JsonObject { ["latitude"] = RandomNode(depth + 1), ["longitude"] = RandomNode(depth + 1) },
        };

        private string RandomString()
        {
            var pieces = new[] { "/start", "سلام", "Light", "\u200c", "\0", "'\"<>&", "35.7,51.4", "😀", new string('x', random.Next(0, 3000)), "/status 1234", "\u202E" };
            return string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => pieces[random.Next(pieces.Length)]));
        }

        /// <summary>Free-form JSON-ish text, valid or not, including escapes a decoder must refuse.</summary>
        private string RandomText(int depth)
        {
            var atoms = new[] { "{", "}", "[", "]", ",", ":", "\"type\"", "\"message\"", "\"text\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\u0000\"", "1e400", "-0", "null", "true", "\"from\"", "\"channelData\"", "\"value\"", "\"event\"", "\"name\"", "\"location\"", "\"latitude\"", "\"\\x\"", "NaN", "\"" };
            if (random.Next(3) == 0)
            {
                // Deep nesting: beyond the parser's depth limit now and then.
                var levels = random.Next(1, 100);
                return "{\"type\":\"message\",\"text\":\"x\",\"value\":" + new string('[', levels) + new string(']', levels) + "}";
            }

            return string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => atoms[random.Next(atoms.Length)]));
        }

        private byte[] MutateBytes(byte[] source)
        {
            var bytes = source.ToList();
            for (var i = random.Next(1, 5); i > 0 && bytes.Count > 0; i--)
            {
                var at = random.Next(bytes.Count);
                switch (random.Next(7))
                {
                    case 0:
                        bytes[at] ^= (byte)(1 << random.Next(8));
                        break;
                    case 1:
                        bytes.Insert(at, (byte)random.Next(256));
                        break;
                    case 2:
                        bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 20)));
                        break;
                    case 3:
                        bytes.RemoveRange(at, bytes.Count - at);
                        break;
                    case 4:
                        bytes.InsertRange(at, bytes.GetRange(at, Math.Min(bytes.Count - at, random.Next(1, 40))));
                        break;
                    case 5:
                        bytes.InsertRange(at, "\\ud83d"u8.ToArray());
                        break;
                    default:
                        bytes.InsertRange(at, new byte[] { 0xED, 0xA0, 0x80 });
                        break;
                }
            }

            return [.. bytes];
        }
    }
}
