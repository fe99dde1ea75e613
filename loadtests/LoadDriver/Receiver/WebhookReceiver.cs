using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LoadDriver.Receiver;

/// <summary>
/// The subscribers: Kestrel on a free loopback port, <c>POST /hook/{n}</c> per endpoint. It verifies each signature,
/// dedupes by <c>webhook-id</c> per endpoint and records receive time minus the event's <c>eventDate</c>.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DeliveryLedger _ledger;
    private readonly TimeSpan _stuckHold;
    private readonly CancellationTokenSource _stopping = new();

    private WebhookReceiver(WebApplication app, DeliveryLedger ledger, TimeSpan stuckHold)
    {
        _app = app;
        _ledger = ledger;
        _stuckHold = stuckHold;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync(DeliveryLedger ledger, TimeSpan stuckHold, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MinRequestBodyDataRate = null;
        });

        var app = builder.Build();
        var receiver = new WebhookReceiver(app, ledger, stuckHold);
        app.MapPost("/hook/{n:int}", receiver.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseAddress = new Uri(address);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!int.TryParse((string?)context.GetRouteValue("n"), out var n) || _ledger.Find(n) is not { } endpoint)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        endpoint.CountAttempt();
        using var buffer = new MemoryStream(request.ContentLength is > 0 and < 1 << 20 ? (int)request.ContentLength : 1024);
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var now = _ledger.Time.GetUtcNow();
        var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);

        // The receiver library checks the three headers, the signature and the timestamp (5 minutes either way).
        var verified = endpoint.Verifier.Verify(request.Headers, body);
        if (!verified.IsValid)
        {
            endpoint.CountBadSignature();
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (!EventReader.TryRead(body, out var objectId, out var eventDate))
        {
            _ledger.CountMalformed();
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var warmup = objectId.StartsWith(EventDocuments.WarmupPrefix, StringComparison.Ordinal);
        if (endpoint.TryAccept(verified.MessageId!, warmup) && !warmup)
        {
            endpoint.CheckOrder(objectId, eventDate);
            _ledger.RecordFirstReceipt(endpoint, (now - eventDate).TotalMilliseconds);
        }

        if (endpoint.Stuck)
        {
            // Answer only after the gateway has given up, unless the gateway hangs up or the run ends first.
            using var hold = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(_stuckHold, hold.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
