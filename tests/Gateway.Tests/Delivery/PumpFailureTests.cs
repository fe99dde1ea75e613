using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Delivery.Endpoints;
using Gateway.Endpoints;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Gateway.Tests.Delivery;

/// <summary>A pump never stops silently: unreadable records are moved aside, unexpected errors are logged, counted and restarted from.</summary>
[Collection(RedisDeliveryCollection.Name)]
public sealed class PumpFailureTests(RedisFixture store)
{
    [Fact]
    public async Task Pump_MalformedMessageRecord_IsDeadLetteredAndLaterMessagesAreDelivered()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var factory = new GatewayFactory(store, new Dictionary<string, string?> { ["Gateway:Roles"] = "api,worker" });
        var tenant = await factory.CreateTenantAsync();
        var endpointId = (await tenant.CreateEndpointAsync(receiver.Url("/after-malformed"), ["*"])).GetProperty("id").GetString()!;

        // A record this code cannot read, queued ahead of a good event.
        var keys = factory.Store.Keys;
        await factory.Store.Database.HashSetAsync(keys.Messages(endpointId), "msg_broken", "not|a|queue|record");
        await factory.Store.Database.ListLeftPushAsync(keys.Ready(endpointId), "msg_broken");
        var sent = await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        sent.EnsureSuccessStatusCode();

        var delivered = await receiver.WaitForAsync(r => r.Count == 1);

        Assert.NotEqual("msg_broken", delivered[0].Id);
        var dead = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/dead-letters/msg_broken");
        Assert.Contains("unreadable queue record", dead.GetProperty("lastError").GetString());
        Assert.Contains(factory.Logs.GetSnapshot(), r => r.Level == LogLevel.Error && r.Message.Contains(endpointId) && r.Message.Contains("msg_broken"));
    }

    [Fact]
    public async Task Pump_UnexpectedException_IsLoggedCountedAndThePumpRestarts()
    {
        await using var receiver = await Receiver.StartAsync();
        var failing = new FailingOnce();
        await using var factory = new GatewayFactory(store, new Dictionary<string, string?> { ["Gateway:Roles"] = "api,worker" }, services: services =>
            services.Replace(ServiceDescriptor.Singleton<IEndpointDirectory>(sp => failing.Wrap(sp.GetRequiredService<EndpointStore>()))));
        var tenant = await factory.CreateTenantAsync();
        var endpointId = (await tenant.CreateEndpointAsync(receiver.Url("/restarted"), ["*"])).GetProperty("id").GetString()!;
        failing.EndpointId = endpointId;

        (await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order())).EnsureSuccessStatusCode();

        await receiver.WaitForAsync(r => r.Count == 1, TimeSpan.FromSeconds(15));
        Assert.True(failing.Thrown);
        // The pump or the worker's refresh met the fault first; either way it is an error naming the endpoint.
        Assert.Contains(factory.Logs.GetSnapshot(), r => r.Level == LogLevel.Error && r.Message.Contains(endpointId));
        using var exposition = new MemoryStream();
        await factory.Services.GetRequiredService<CollectorRegistry>().CollectAndExportAsTextAsync(exposition);
        Assert.Matches(@"(?m)^gateway_pump_failures_total [1-9]", System.Text.Encoding.UTF8.GetString(exposition.ToArray()));
    }

    /// <summary>The host's endpoint directory, except that the first read of one endpoint by a pump throws as a bug would.</summary>
    private sealed class FailingOnce
    {
        private int _thrown;

        public volatile string? EndpointId;

        public bool Thrown => Volatile.Read(ref _thrown) == 1;

        public IEndpointDirectory Wrap(IEndpointDirectory inner) => new Directory(inner, this);

        private sealed class Directory(IEndpointDirectory inner, FailingOnce owner) : IEndpointDirectory
        {
            public event Action<string?>? Changed
            {
                add => inner.Changed += value;
                remove => inner.Changed -= value;
            }

            public ValueTask<WebhookEndpoint?> FindAsync(string endpointId) =>
                endpointId == owner.EndpointId && Interlocked.Exchange(ref owner._thrown, 1) == 0
                    ? throw new InvalidOperationException("injected fault")
                    : inner.FindAsync(endpointId);

            public Task<IReadOnlyList<WebhookEndpoint>> ForTenantAsync(string tenantId) => inner.ForTenantAsync(tenantId);

            public Task<IReadOnlyList<string>> AllIdsAsync() => inner.AllIdsAsync();

            public Task<bool> DisableAsync(string endpointId, string reason) => inner.DisableAsync(endpointId, reason);
        }
    }
}
