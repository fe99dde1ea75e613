using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Gateway.Endpoints;
using Gateway.Hosting;
using Gateway.Security;
using Gateway.Signing;
using Microsoft.Extensions.Options;

namespace Gateway.Delivery;

/// <summary>
/// Makes one signed POST. One pooled <see cref="SocketsHttpHandler"/> keeps connections alive; redirects are
/// never followed; the SSRF rule is checked again on the address actually connected to (DNS rebinding); only
/// the first 4 KiB of a response is read.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const int MaxResponseExcerpt = 4096;
    private static readonly string s_userAgent = $"WebhookGateway/{typeof(WebhookSender).Assembly.GetName().Version?.ToString(3) ?? "0.1.0"}";
    private readonly HttpClient _client;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _time;

    public WebhookSender(IOptions<DeliveryOptions> options, IOptionsMonitor<SecurityOptions> security, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = _options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5), // pick up DNS changes
            MaxConnectionsPerServer = 256,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
                var allowed = NetworkRules.Reachable(addresses, security.CurrentValue.AllowPrivateNetworks);
                if (allowed.Length == 0)
                {
                    throw new SsrfBlockedException($"{context.DnsEndPoint.Host} resolves only to forbidden addresses.");
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<AttemptResult> SendAsync(WebhookEndpoint endpoint, string messageId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var now = _time.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Version = HttpVersion.Version11 };
        request.Content = new ReadOnlyMemoryContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (endpoint.Headers is not null)
        {
            // Custom headers first: the signature headers below always win (and were refused at registration anyway).
            foreach (var (name, value) in endpoint.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        var keys = endpoint.ActiveSecrets(now).Select(WebhookSecret.Decode).ToArray();
        request.Headers.Remove("webhook-id");
        request.Headers.Remove("webhook-timestamp");
        request.Headers.Remove("webhook-signature");
        request.Headers.TryAddWithoutValidation("webhook-id", messageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSigner.SignatureHeader(keys, messageId, timestamp, body.Span));
        request.Headers.UserAgent.Clear();
        request.Headers.TryAddWithoutValidation("User-Agent", s_userAgent);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var excerpt = await ReadExcerptAsync(response, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (status is >= 200 and < 300)
            {
                return new AttemptResult(AttemptOutcome.Success, status, elapsed, null, excerpt, null);
            }

            return new AttemptResult(
                status < 500 ? AttemptOutcome.Http4xx : AttemptOutcome.Http5xx, status, elapsed,
                $"HTTP {status} {response.ReasonPhrase}", excerpt, RetryAfter(response, now));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptResult(AttemptOutcome.Timeout, null, Stopwatch.GetElapsedTime(started), $"timed out after {_options.RequestTimeout.TotalSeconds:0.###} s", null, null);
        }
        catch (HttpRequestException ex) when (ex.InnerException is SsrfBlockedException blocked)
        {
            return new AttemptResult(AttemptOutcome.SsrfBlocked, null, Stopwatch.GetElapsedTime(started), blocked.Message, null, null);
        }
        catch (HttpRequestException ex)
        {
            var outcome = ex.InnerException is OperationCanceledException or TimeoutException ? AttemptOutcome.Timeout : AttemptOutcome.Network;
            return new AttemptResult(outcome, null, Stopwatch.GetElapsedTime(started), Describe(ex), null, null);
        }
    }

    public void Dispose() => _client.Dispose();

    private static async Task<string?> ReadExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxResponseExcerpt];
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return total == 0 ? null : Encoding.UTF8.GetString(buffer, 0, total);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        return retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : null);
    }

    private static string Describe(HttpRequestException ex)
    {
        var inner = ex.InnerException;
        return inner switch
        {
            SocketException socket => $"network error: {socket.SocketErrorCode}",
            null => $"network error: {ex.Message}",
            _ => $"network error: {inner.Message}",
        };
    }
}
