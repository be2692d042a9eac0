using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace ChatIntake.Tests.Channels.DirectLine;

/// <summary>Uploads as Web Chat sends them: a multipart form with the file and the activity that carries it.</summary>
public static class WebChatUploads
{
    /// <summary>A real 16×16 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAF0lEQVR4nGP4f4KBJESa6lENoxqGlAYA4ufHEHumnhIAAAAASUVORK5CYII=");

    public static MultipartFormDataContent Form(byte[] file, string contentType, string fileName, string? activityJson = null, string clientActivityId = "upload-1")
    {
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(file) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } }, "file", fileName },
        };
        var activity = new StringContent(activityJson ?? DirectLineTestClient.Message("", "en-US", clientActivityId).ToJsonString(), Encoding.UTF8);
        activity.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.microsoft.activity");
        form.Add(activity, "activity", "blob");
        return form;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient http, DirectLineTestClient chat, HttpContent content) =>
        http.SendAsync(chat.Request(HttpMethod.Post, $"/v3/directline/conversations/{chat.ConversationId}/upload?userId=r_user", content: content));

    /// <summary>Uploads one file and returns the attachment of its echo (contentType, contentUrl, name) as the chat shows it.</summary>
    public static async Task<JsonObject> UploadAsync(HttpClient http, DirectLineTestClient chat, byte[] file, string contentType, string fileName)
    {
        var clientId = "upload-" + Guid.NewGuid().ToString("N");
        var response = await PostAsync(http, chat, Form(file, contentType, fileName, clientActivityId: clientId));
        Assert.True(response.IsSuccessStatusCode, $"upload answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var (all, _) = await chat.ReadAsync();
        var echo = all.Single(a => a["channelData"]?["clientActivityID"]?.GetValue<string>() == clientId);
        return echo["attachments"]![0]!.AsObject();
    }

    public static async Task<string?> ErrorCodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())?["error"]?["code"]?.GetValue<string>();
}
