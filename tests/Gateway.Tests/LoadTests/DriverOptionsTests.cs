using LoadDriver;
using LoadDriver.Scenarios;

namespace Gateway.Tests.LoadTests;

public sealed class DriverOptionsTests
{
    [Fact]
    public void Parse_Ingest_RunsTheApiRoleOnlyAndAwaitsNoDeliveries()
    {
        var scenario = DriverOptions.Parse(["--scenario", "ingest"]).Scenario;

        Assert.Equal(ScenarioKind.IngestOnly, scenario.Kind);
        Assert.Equal("api", scenario.GatewayEnvironment["Gateway__Roles"]);
        Assert.Equal(4, scenario.Endpoints);
        Assert.False(scenario.AwaitsDeliveries);
    }

    [Theory]
    [InlineData("floor", "Floor")]
    [InlineData("floor-lpush", "FloorLpush")]
    public void Parse_FloorScenarios_RunTheFloorApp(string name, string kind)
    {
        var scenario = DriverOptions.Parse(["--scenario", name]).Scenario;

        Assert.Equal(Enum.Parse<ScenarioKind>(kind), scenario.Kind);
        Assert.True(scenario.RunsFloor);
        Assert.False(scenario.AwaitsDeliveries);
    }

    [Theory]
    [InlineData("floor")]
    [InlineData("floor-lpush")]
    public void Parse_FloorScenarios_DriveTheSameLoadAsIngest(string name)
    {
        var ingest = DriverOptions.Parse(["--scenario", "ingest"]).Scenario;
        var floor = DriverOptions.Parse(["--scenario", name]).Scenario;

        Assert.Equal((ingest.Rate, ingest.Connections, ingest.BatchSize, ingest.SeedBody), (floor.Rate, floor.Connections, floor.BatchSize, floor.SeedBody));
        Assert.True(floor.SeedBody);
    }

    [Fact]
    public void Parse_Idle_Registers10000EndpointsByDefault()
    {
        var options = DriverOptions.Parse(["--scenario", "idle", "--duration", "5"]);

        Assert.Equal(ScenarioKind.Idle, options.Scenario.Kind);
        Assert.Equal(10_000, options.Scenario.Endpoints);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Duration);
    }

    [Fact]
    public void Parse_IdleWith20000Endpoints_IsAccepted() =>
        Assert.Equal(20_000, DriverOptions.Parse(["--scenario", "idle", "--endpoints", "20000"]).Scenario.Endpoints);

    [Theory]
    [InlineData("idle", "20001")]
    [InlineData("saturate", "1001")]
    public void Parse_TooManyEndpoints_IsRefused(string scenario, string endpoints) =>
        Assert.Throws<ArgumentException>(() => DriverOptions.Parse(["--scenario", scenario, "--endpoints", endpoints]));

    [Fact]
    public void Parse_IdleWithTwoWorkers_SplitsTheGateway() =>
        Assert.Equal(2, DriverOptions.Parse(["--scenario", "idle", "--workers", "2"]).Scenario.Workers);

    [Fact]
    public void Parse_SaturateWithoutWorkers_RunsOneProcess() =>
        Assert.Equal(0, DriverOptions.Parse(["--scenario", "saturate"]).Scenario.Workers);

    [Theory]
    [InlineData("ingest", "--workers", "2")]
    [InlineData("floor", "--gateway", "http://127.0.0.1:8080")]
    [InlineData("floor", "--workers", "1")]
    [InlineData("floor-lpush", "--endpoints", "4")]
    [InlineData("floor", "--gateway-dll", "/tmp/Gateway.dll")]
    [InlineData("idle", "--rate", "100")]
    [InlineData("saturate", "--redis", "127.0.0.1:6379")]
    public void Parse_OptionTheScenarioWouldIgnore_IsRefused(string scenario, string name, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => DriverOptions.Parse(["--scenario", scenario, name, value, "--admin-key", "k"]));

        Assert.Contains(name.TrimStart('-'), error.Message);
    }

    [Fact]
    public void Parse_WorkersWithARunningGateway_IsRefused() =>
        Assert.Throws<ArgumentException>(() => DriverOptions.Parse(["--scenario", "idle", "--workers", "2", "--gateway", "http://127.0.0.1:8080", "--admin-key", "k"]));

    [Fact]
    public void Parse_IdleAgainstARunningGateway_TakesItsRedis()
    {
        var options = DriverOptions.Parse(["--scenario", "idle", "--gateway", "http://127.0.0.1:8080", "--admin-key", "k", "--redis", "localhost:6380"]);

        Assert.Equal(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 6380), options.Redis);
    }

    [Theory]
    [InlineData("10.0.0.5:6379")]
    [InlineData("redis.example.com:6379")]
    [InlineData("127.0.0.1")]
    public void Parse_RedisNotOnLoopbackOrWithoutPort_IsRefused(string redis) =>
        Assert.Throws<ArgumentException>(() => DriverOptions.Parse(["--scenario", "idle", "--redis", redis]));

    [Fact]
    public void Parse_FloorDll_IsKept() =>
        Assert.Equal("/tmp/Floor.dll", DriverOptions.Parse(["--scenario", "floor", "--floor-dll", "/tmp/Floor.dll"]).FloorDll);
}
