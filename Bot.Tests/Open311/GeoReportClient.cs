using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace ChatIntake.Tests.Open311;

/// <summary>Another city system talking GeoReport v2 to the host: GETs and form POSTs, with the answer read as JSON or XML.</summary>
public sealed class GeoReportClient(HttpClient http) : IDisposable
{
    public const string Root = "/open311/v2/";

    public HttpClient Http => http;

    public async Task<Answer> GetAsync(string path, string? acceptLanguage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Root + path);
        if (acceptLanguage is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        return await Answer.ReadAsync(await http.SendAsync(request));
    }

    public async Task<Answer> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields) =>
        await Answer.ReadAsync(await http.PostAsync(Root + path, new FormUrlEncodedContent(fields)));

    public void Dispose() => http.Dispose();

    public sealed record Answer(HttpStatusCode Status, string? ContentType, string Body, HttpResponseMessage Response)
    {
        public static async Task<Answer> ReadAsync(HttpResponseMessage response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync();
            return new Answer(response.StatusCode, response.Content.Headers.ContentType?.ToString(), Encoding.UTF8.GetString(bytes), response);
        }

        public JsonElement Json()
        {
            Assert.StartsWith("application/json", ContentType);
            return JsonDocument.Parse(Body).RootElement;
        }

        public XElement Xml()
        {
            Assert.StartsWith("text/xml", ContentType);
            Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", Body);
            return XDocument.Parse(Body).Root!;
        }

        /// <summary>The spec's error list, in either format: each error's code and description.</summary>
        public IReadOnlyList<(int Code, string Description)> Errors()
        {
            if (ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true)
            {
                return [.. Json().EnumerateArray().Select(e => (e.GetProperty("code").GetInt32(), e.GetProperty("description").GetString()!))];
            }

            var root = Xml();
            Assert.Equal("errors", root.Name.LocalName);
            return [.. root.Elements("error").Select(e => ((int)e.Element("code")!, (string)e.Element("description")!))];
        }

        /// <summary>Asserts the answer is the spec's error list with <paramref name="status"/>, one of whose descriptions contains <paramref name="says"/>.</summary>
        public void IsError(HttpStatusCode status, string says)
        {
            Assert.True(status == Status, $"expected {(int)status}, got {(int)Status}: {Body}");
            var errors = Errors();
            Assert.NotEmpty(errors);
            Assert.All(errors, e => Assert.Equal((int)status, e.Code));
            Assert.Contains(errors, e => e.Description.Contains(says, StringComparison.OrdinalIgnoreCase));
        }
    }
}
