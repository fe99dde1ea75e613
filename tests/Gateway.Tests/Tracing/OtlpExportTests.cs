using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Tracing;

/// <summary>
/// Export with nothing but the standard settings: OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
/// send the spans to a real OTLP/HTTP receiver on loopback, carrying the trace id of the incoming traceparent.
/// </summary>
[Collection(RedisDeliveryCollection.Name)]
public sealed class OtlpExportTests(RedisFixture store)
{
    [Fact]
    public async Task OtlpHttpEndpointSet_ExportsToV1Traces_WithTheIncomingTraceId()
    {
        var posts = new ConcurrentQueue<(string Path, string? ContentType, byte[] Body)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        await using var collector = builder.Build();
        collector.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            posts.Enqueue((context.Request.Path, context.Request.ContentType, body.ToArray()));
            return Results.Ok();
        });
        await collector.StartAsync();
        var endpoint = collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        await using var gateway = new GatewayFactory(store, new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "gateway-under-test",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        var tenant = await gateway.CreateTenantAsync();
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = JsonContent.Create(Events.Order()) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.Http.SendAsync(request)).StatusCode);

        // OTLP carries the trace id as its 16 raw bytes in each span; the service name as a string attribute.
        var id = Convert.FromHexString(traceId.ToHexString());
        // Spans of one trace may come in more than one batch: wait for the accept's.
        await Until.TrueAsync(
            () => posts.Any(p => p.Body.AsSpan().IndexOf(id) >= 0 && p.Body.AsSpan().IndexOf("accept order.completed"u8) >= 0),
            TimeSpan.FromSeconds(20), "the accept's span is exported");
        var exports = posts.Where(p => p.Body.AsSpan().IndexOf(id) >= 0).ToList();
        Assert.NotEmpty(exports);
        Assert.All(exports, e => Assert.Equal("/v1/traces", e.Path));
        Assert.All(exports, e => Assert.Equal("application/x-protobuf", e.ContentType));
        Assert.All(exports, e => Assert.True(e.Body.AsSpan().IndexOf("gateway-under-test"u8) >= 0));
        Assert.Contains(exports, e => e.Body.AsSpan().IndexOf("accept order.completed"u8) >= 0);
    }
}
