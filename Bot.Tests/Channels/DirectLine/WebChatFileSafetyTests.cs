using System.Net;
using System.Text;
using ChatIntake.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatIntake.Tests.Channels.DirectLine;

/// <summary>
/// What a citizen uploads is served back so that it can never run as the product's own page: only sniffed raster
/// images inline, everything else as a download, always under a sandboxing policy, and by links that expire.
/// </summary>
public sealed class WebChatFileSafetyTests : IAsyncLifetime
{
    private const string Sandbox = "default-src 'none'; sandbox";
    private static readonly byte[] Svg = Encoding.UTF8.GetBytes(
        """<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>localStorage.setItem('svg-ran','1')</script><rect width="10" height="10"/></svg>""");

    private readonly WebChatTestHost _host = new("files", new Dictionary<string, string?>
    {
        ["DirectLine:FileLinkLifetime"] = "00:10:00",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task Svg_upload_is_served_as_a_download_under_a_sandboxing_policy()
    {
        var chat = await DirectLineTestClient.StartAsync(_host.Http);

        var attachment = await WebChatUploads.UploadAsync(_host.Http, chat, Svg, "image/svg+xml", "lamp.svg");
        var served = await _host.Http.GetAsync(attachment["contentUrl"]!.GetValue<string>());

        Assert.Equal("application/octet-stream", attachment["contentType"]!.GetValue<string>());
        AssertDownload(served);
    }

    [Fact]
    public async Task Html_upload_is_served_as_a_download_under_a_sandboxing_policy()
    {
        var chat = await DirectLineTestClient.StartAsync(_host.Http);

        var attachment = await WebChatUploads.UploadAsync(_host.Http, chat, Encoding.UTF8.GetBytes("<!DOCTYPE html><script>alert(1)</script>"), "text/html", "page.html");

        AssertDownload(await _host.Http.GetAsync(attachment["contentUrl"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_file_declared_as_png_that_is_not_one_is_served_as_a_download()
    {
        var chat = await DirectLineTestClient.StartAsync(_host.Http);

        var attachment = await WebChatUploads.UploadAsync(_host.Http, chat, Svg, "image/png", "lamp.png");

        Assert.Equal("application/octet-stream", attachment["contentType"]!.GetValue<string>());
        AssertDownload(await _host.Http.GetAsync(attachment["contentUrl"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_real_png_declared_as_text_is_shown_as_a_png_and_the_declared_type_is_not_echoed()
    {
        var chat = await DirectLineTestClient.StartAsync(_host.Http);

        var attachment = await WebChatUploads.UploadAsync(_host.Http, chat, WebChatUploads.Png, "text/plain; charset=utf-8", "lamp.txt");
        var served = await _host.Http.GetAsync(attachment["contentUrl"]!.GetValue<string>());

        Assert.Equal("image/png", attachment["contentType"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Null(served.Content.Headers.ContentDisposition);
        Assert.Equal(Sandbox, served.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(WebChatUploads.Png, await served.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_file_link_expires_after_its_lifetime()
    {
        var chat = await DirectLineTestClient.StartAsync(_host.Http);
        var url = (await WebChatUploads.UploadAsync(_host.Http, chat, WebChatUploads.Png, "image/png", "lamp.png"))["contentUrl"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await _host.Http.GetAsync(url)).StatusCode);

        _host.Clock.Advance(TimeSpan.FromMinutes(11));

        Assert.Contains((await _host.Http.GetAsync(url)).StatusCode, new[] { HttpStatusCode.Gone, HttpStatusCode.NotFound });
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/")]
    [InlineData("/v3/directline/conversations/nobody/activities")]
    [InlineData("/webchat/files/up-nothing/nothing")]
    public async Task Every_response_carries_the_baseline_security_headers(string path)
    {
        var response = await _host.Http.GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(response.Headers.Contains("Referrer-Policy"));
    }

    [Fact]
    public async Task The_chat_page_keeps_its_own_policy_and_may_be_framed_by_the_city_only_through_it()
    {
        var response = await _host.Http.GetAsync("/chat");

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("frame-ancestors 'self'", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        // X-Frame-Options cannot name the allowed sites; the policy's frame-ancestors does.
        Assert.False(response.Headers.Contains("X-Frame-Options"));
    }

    private static void AssertDownload(HttpResponseMessage served)
    {
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("application/octet-stream", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", served.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(Sandbox, served.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
