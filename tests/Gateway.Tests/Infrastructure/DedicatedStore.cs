using Gateway.LocalStore;

namespace Gateway.Tests.Infrastructure;

/// <summary>A store server a test started itself, so that it can stop and restart it.</summary>
public sealed class DedicatedStore : StoreFixture
{
    public DedicatedStore(LocalRedisServer server)
        : base(LocalServerKind.Redis) => Started = server;

    public LocalRedisServer Started { get; }

    public override string Configuration => Started.Configuration;
}
