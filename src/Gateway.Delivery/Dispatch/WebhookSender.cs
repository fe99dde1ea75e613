using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Secrets;
using Gateway.Delivery.Signing;
using Microsoft.Extensions.Options;

namespace Gateway.Delivery.Dispatch;

/// <summary>
/// Makes one signed POST through the invoker of <see cref="DeliveryHttpClientFactory"/> (pooled connections, no
/// redirects, the SSRF rule checked again at connect time); only the first 4 KiB of a response is read.
/// </summary>
public sealed class WebhookSender : IDestinationSender, IDisposable
{
    public const int MaxResponseExcerpt = 4096;
    private static readonly string s_userAgent = $"WebhookGateway/{typeof(WebhookSender).Assembly.GetName().Version?.ToString(3) ?? "0.1.0"}";
    private readonly HttpMessageInvoker _client;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _time;

    public WebhookSender(IOptions<DeliveryOptions> options, DeliveryHttpClientFactory clients, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _client = clients.Create();
    }

    public DestinationKind Kind => DestinationKind.Http;

    public Task<AttemptResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        SendAsync(message.Endpoint, message.Secrets, message.MessageId, message.Body, cancellationToken, message.SkippedIds);

    /// <summary>The header naming the messages of an ordered group that were dead-lettered (skipped) since its last delivery.</summary>
    public const string SkippedIdsHeader = "webhook-skipped-ids";

    /// <param name="skippedIds">Comma-separated ids for <see cref="SkippedIdsHeader"/>; empty or null sends no such header.</param>
    /// <param name="secrets">The endpoint's signing keys and secret header values, opened (<see cref="EndpointSecrets.TryOpen"/>).</param>
    public async Task<AttemptResult> SendAsync(WebhookEndpoint endpoint, OpenedSecrets secrets, string messageId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken, string? skippedIds = null)
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

        foreach (var (name, value) in secrets.SecretHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        SigningKey[] keys = secrets.Previous is { } previous && endpoint.PreviousSecretExpiresAt > now ? [secrets.Current, previous] : [secrets.Current];
        request.Headers.Remove("webhook-id");
        request.Headers.Remove("webhook-timestamp");
        request.Headers.Remove("webhook-signature");
        request.Headers.TryAddWithoutValidation("webhook-id", messageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSigner.SignatureHeader(keys, messageId, timestamp, body.Span));
        if (endpoint.SendTraceContext && Activity.Current is { } attempt)
        {
            // Opted in by the endpoint: the subscriber continues the attempt's trace (W3C Trace Context).
            request.Headers.TryAddWithoutValidation("traceparent", Tracing.GatewayTracing.TraceParentOf(attempt));
        }

        if (!string.IsNullOrEmpty(skippedIds))
        {
            request.Headers.TryAddWithoutValidation(SkippedIdsHeader, skippedIds);
        }
        request.Headers.UserAgent.Clear();
        request.Headers.TryAddWithoutValidation("User-Agent", s_userAgent);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await _client.SendAsync(request, timeout.Token).ConfigureAwait(false);
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
