namespace ChatIntake.Tests.Infrastructure;

/// <summary>
/// A client that keeps cookies by hand: it sends them whatever their flags (as a browser does over the proxy's
/// HTTPS), and its jar can be copied, as a thief copies a cookie.
/// </summary>
public sealed class PlainBrowser(HttpClient http) : IDisposable
{
    public Dictionary<string, string> Jar { get; private init; } = [];

    public Dictionary<string, string> Headers { get; } = [];

    /// <summary>Another browser holding copies of this one's cookies.</summary>
    public PlainBrowser CopyTo(HttpClient other) => new(other) { Jar = new Dictionary<string, string>(Jar) };

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, Dictionary<string, string>? form = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (Jar.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Jar.Select(c => c.Key + "=" + c.Value)));
        }

        foreach (var (name, value) in Headers)
        {
            request.Headers.Add(name, value);
        }

        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        var response = await http.SendAsync(request);
        foreach (var cookie in SetCookies(response))
        {
            var pair = cookie.Split(';')[0].Split('=', 2);
            if (pair[1].Length == 0)
            {
                Jar.Remove(pair[0]);
            }
            else
            {
                Jar[pair[0]] = pair[1];
            }
        }

        return response;
    }

    public static List<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : [];

    public void Dispose() => http.Dispose();
}
