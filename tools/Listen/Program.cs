using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using Gateway.Client;
using Gateway.Client.Endpoints;
using Gateway.Webhooks.Verification;
using Listen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

ListenOptions options;
try
{
    options = ListenOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(ListenOptions.Usage);
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
var app = builder.Build();
WebhookVerifier? verifier = null; // known once the endpoint is registered, before any delivery can come
var pretty = new JsonSerializerOptions { WriteIndented = true };
app.MapPost("/{**path}", async (HttpContext context) =>
{
    using var reader = new StreamReader(context.Request.Body);
    var body = await reader.ReadToEndAsync();
    var headers = context.Request.Headers;
    var result = verifier?.Verify(headers, System.Text.Encoding.UTF8.GetBytes(body));
    var verified = result is { IsValid: true };
    var lines = new List<string>
    {
        $"── delivery {headers["webhook-id"]} at {TimeProvider.System.GetUtcNow():u} ── signature {(verified ? "verified ✓" : $"INVALID ✗ ({result?.Failure})")}",
    };
    lines.AddRange(headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase).Select(h => $"{h.Key}: {h.Value}"));
    try
    {
        lines.Add(JsonSerializer.Serialize(JsonDocument.Parse(body).RootElement, pretty));
    }
    catch (JsonException)
    {
        lines.Add(body);
    }

    Console.WriteLine(string.Join(Environment.NewLine, lines) + Environment.NewLine);
    return verified ? Results.NoContent() : Results.Unauthorized();
});

await app.StartAsync();
var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/webhooks";
Console.WriteLine($"listening on {url}");

var gateway = GatewayClient.Create(new GatewayClientOptions { BaseAddress = options.Gateway, ApiKey = options.ApiKey });
string endpointId;
try
{
    var endpoint = await gateway.Endpoints.CreateAsync(new EndpointRequest(url, options.EventTypes) { Description = "listen tool (deleted on exit)", SignatureScheme = options.Scheme });
    endpointId = endpoint.Id;
    verifier = new WebhookVerifier(endpoint.Secret ?? endpoint.PublicKey!); // whsec_ (v1) or whpk_ (v1a)
}
catch (Exception ex) when (ex is GatewayApiException or HttpRequestException)
{
    Console.Error.WriteLine($"registering the endpoint failed: {ex.Message}");
    if (ex is GatewayApiException { Errors: var errors } && errors.Any(e => e.Path == "/url"))
    {
        Console.Error.WriteLine("The gateway refuses loopback URLs unless it runs with Security__AllowPrivateNetworks=true Security__AllowHttp=true.");
    }

    await app.StopAsync();
    return 1;
}

Console.WriteLine($"registered endpoint {endpointId} for {string.Join(", ", options.EventTypes)} at {options.Gateway}; Ctrl+C to stop");

var stop = new TaskCompletionSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
await stop.Task;

using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
{
    await gateway.Endpoints.DeleteAsync(endpointId, timeout.Token);
}

Console.WriteLine($"deleted endpoint {endpointId}");
await app.StopAsync();
return 0;
