using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
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
var secret = "";
var pretty = new JsonSerializerOptions { WriteIndented = true };
app.MapPost("/{**path}", async (HttpContext context) =>
{
    using var reader = new StreamReader(context.Request.Body);
    var body = await reader.ReadToEndAsync();
    var headers = context.Request.Headers;
    var verified = Signature.Verify(secret, headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(), body, headers["webhook-signature"].ToString());
    var lines = new List<string>
    {
        $"── delivery {headers["webhook-id"]} at {TimeProvider.System.GetUtcNow():u} ── signature {(verified ? "verified ✓" : "INVALID ✗")}",
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

using var gateway = new GatewayClient(options);
string endpointId;
try
{
    (endpointId, secret) = await gateway.RegisterAsync(url, CancellationToken.None);
}
catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException)
{
    Console.Error.WriteLine(ex.Message);
    await app.StopAsync();
    return 1;
}

Console.WriteLine($"registered endpoint {endpointId} for {string.Join(", ", options.EventTypes)} at {options.Gateway}; Ctrl+C to stop");

var stop = new TaskCompletionSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
await stop.Task;

await gateway.DeleteAsync(endpointId);
Console.WriteLine($"deleted endpoint {endpointId}");
await app.StopAsync();
return 0;
