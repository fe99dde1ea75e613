using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Delivery;

/// <summary><c>Delivery:EgressProxy</c>: every delivery goes through the operator's HTTP proxy.</summary>
[Collection(RedisDeliveryCollection.Name)]
public sealed class EgressProxyTests(RedisFixture store) : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _proxied = new();
    private WebApplication _proxy = null!;
    private string _proxyUrl = "";

    public async Task InitializeAsync()
    {
        // A real forward proxy on 127.0.0.1: it takes absolute-form requests, records them and forwards them on.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _proxy = builder.Build();
        var upstream = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        _proxy.Run(async context =>
        {
            var target = $"http://{context.Request.Host}{context.Request.Path}{context.Request.QueryString}";
            _proxied.Enqueue(target);
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target)
            {
                Content = new StreamContent(context.Request.Body),
            };
            foreach (var (name, value) in context.Request.Headers)
            {
                if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)value))
                {
                    request.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)value);
                }
            }

            using var response = await upstream.SendAsync(request);
            context.Response.StatusCode = (int)response.StatusCode;
        });
        await _proxy.StartAsync();
        _proxyUrl = _proxy.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task Deliver_WithEgressProxy_GoesThroughTheProxyAndArrivesSigned()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var factory = new GatewayFactory(store, new Dictionary<string, string?>
        {
            ["Gateway:Roles"] = "api,worker",
            ["Delivery:EgressProxy"] = _proxyUrl,
        });
        var tenant = await factory.CreateTenantAsync();
        var endpoint = await tenant.CreateEndpointAsync(receiver.Url("/via-proxy"), ["*"]);
        var sent = await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);

        var requests = await receiver.WaitForAsync(r => r.Count == 1);

        Assert.Contains(receiver.Url("/via-proxy"), _proxied);
        Assert.True(SignedDelivery.Verify(endpoint.GetProperty("secret").GetString()!, requests[0]));
    }
}
