using System.Net;
using System.Text.RegularExpressions;

namespace ChatIntake.Tests.Admin;

/// <summary>A staff member's browser without the browser: keeps the cookies, and posts forms with the page's antiforgery token.</summary>
public sealed partial class StaffClient(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public Task<HttpResponseMessage> GetAsync(string url) => http.GetAsync(url);

    public async Task<string> GetPageAsync(string url)
    {
        var response = await http.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}: {html[..Math.Min(html.Length, 500)]}");
        return html;
    }

    /// <summary>Posts like the page's own form: the token is taken from <paramref name="formPage"/> (the url's page when null).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await http.GetAsync(formPage ?? url.Split('?')[0]);
        var token = TokenIn(await page.Content.ReadAsStringAsync());
        fields["__RequestVerificationToken"] = token;
        return await http.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    public static string TokenIn(string html) =>
        Token().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("The page has no antiforgery token.");

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
