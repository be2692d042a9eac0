using System.Net;
using System.Net.Sockets;
using ChatIntake.Tickets;
using Microsoft.Extensions.Options;

namespace ChatIntake.Open311;

/// <summary>
/// Fetches a request's media_url into the attachment store with a messenger photo's limits: a JPEG, PNG, WebP or GIF
/// (sniffed from its bytes), no larger than <see cref="Open311Options.MaxMediaBytes"/>, within <see cref="Open311Options.MediaTimeout"/>.
/// Only http(s), and never loopback, private or link-local addresses unless configured: the check runs on the address
/// actually connected to, so a name that resolves (or redirects) inward is refused as well.
/// </summary>
public sealed class MediaFetcher(HttpClient http, AttachmentStore store, IOptions<Open311Options> options, ILogger<MediaFetcher> logger)
{
    public const string HttpClientName = "open311-media";

    /// <summary>The stored path and sniffed content type and size of the fetched picture.</summary>
    public async Task<(string StoredPath, string ContentType, long Size)> FetchAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new MediaRefusedException("media_url must be an absolute http or https URL.");
        }

        var limit = options.Value.MaxMediaBytes;
        var temporary = store.NewTemporaryFile();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.MediaTimeout);
            long size;
            try
            {
                using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (!response.IsSuccessStatusCode)
                {
                    throw new MediaRefusedException($"media_url answered HTTP {(int)response.StatusCode}.");
                }

                if (response.Content.Headers.ContentLength > limit)
                {
                    throw new MediaRefusedException($"media_url is larger than {limit} bytes.");
                }

                await using var source = await response.Content.ReadAsStreamAsync(timeout.Token);
                await using var target = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                size = await CopyCappedAsync(source, target, limit, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new MediaRefusedException($"media_url did not answer within {options.Value.MediaTimeout.TotalSeconds:0} seconds.");
            }
            catch (HttpRequestException ex) when (ex.InnerException is MediaRefusedException refused)
            {
                throw refused;
            }
            catch (HttpRequestException ex)
            {
                logger.LogInformation("Open311 media_url {Host} could not be fetched: {Error}", uri.Host, ex.Message);
                throw new MediaRefusedException("media_url could not be fetched.", ex);
            }

            var type = await RasterImage.SniffFileAsync(temporary, cancellationToken)
                ?? throw new MediaRefusedException("media_url is not a JPEG, PNG, WebP or GIF picture.");
            var stored = store.Keep(temporary, "open311", Guid.NewGuid().ToString("N"), RasterImage.Extension(type));
            return (stored, type, size);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>The handler's connect step: resolves the host and connects only to an address the options allow.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(a => allowPrivate || IsPublic(a)).ToList();
        if (allowed.Count == 0)
        {
            throw new MediaRefusedException("media_url points at a private or local address.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync([.. allowed], context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>False for loopback, private (RFC 1918, unique-local), link-local, carrier-grade NAT, unspecified and multicast addresses.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
        }

        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => false,
            100 when b[1] is >= 64 and <= 127 => false,
            169 when b[1] == 254 => false,
            172 when b[1] is >= 16 and <= 31 => false,
            192 when b[1] == 168 => false,
            >= 224 => false,
            _ => true,
        };
    }

    private static async Task<long> CopyCappedAsync(Stream source, Stream target, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw new MediaRefusedException($"media_url is larger than {limit} bytes.");
            }

            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return total;
    }
}
