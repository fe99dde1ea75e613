using LoadDriver.Hosting;
using LoadDriver.Ingestion;
using LoadDriver.Reporting;
using LoadDriver.Scenarios;

namespace LoadDriver;

/// <summary>
/// The floor of ingestion: the floor app (and its Redis for <c>floor-lpush</c>) in the gateway's place, driven by
/// the same ingestion loop as <c>ingest</c>, so the two rates compare in one session.
/// </summary>
internal static class FloorRun
{
    public static async Task<RunReport> RunAsync(DriverOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var scenario = options.Scenario;
        var root = LocalGateway.FindRepositoryRoot();
        var runDirectory = RunSetup.RunDirectory(scenario, time);
        var dll = options.FloorDll ?? Path.Combine(root ?? ".", "loadtests", "Floor", "bin", "Release", "net10.0", "Floor.dll");
        var lpush = scenario.Kind == ScenarioKind.FloorLpush;
        LoadRun.Progress($"starting {(lpush ? "redis-server and " : string.Empty)}{dll} (logs in {runDirectory})");

        using var floor = await LocalFloor.StartAsync(dll, lpush ? options.RedisServer : null, runDirectory, cancellationToken);
        await using var floorSampler = new ProcessSampler(floor.Pid, TimeSpan.FromMilliseconds(250));
        await using var redisSampler = floor.RedisPid is { } redisPid ? new ProcessSampler(redisPid, TimeSpan.FromSeconds(1)) : null;
        using var handler = RunSetup.Handler(scenario);
        using var http = new HttpClient(handler) { BaseAddress = floor.Url, Timeout = TimeSpan.FromSeconds(30) };

        // The floor app checks no key; the header is sent anyway so the requests are the gateway's, byte for byte.
        var driver = new IngestDriver(http, "floor", scenario, time);
        if (options.Warmup > TimeSpan.Zero)
        {
            LoadRun.Progress($"warming up for {options.Warmup.TotalSeconds:0.#} s");
            await driver.RunAsync(warmup: true, options.Warmup, cancellationToken);
        }

        var floorCpuBefore = floorSampler.CpuSeconds();
        var redisCpuBefore = redisSampler?.CpuSeconds();
        LoadRun.Progress($"measuring for {options.Duration.TotalSeconds:0.#} s: rate {(scenario.Rate == 0 ? "unbounded" : scenario.Rate + "/s")}, {scenario.Connections} connections{(lpush ? ", one LPUSH per event" : string.Empty)}");
        var ingest = await driver.RunAsync(warmup: false, options.Duration, cancellationToken);
        LoadRun.Progress($"accepted {ingest.Accepted} events");

        return LoadRun.Report(scenario, ingest, floorSampler.CpuSeconds() - floorCpuBefore, redisSampler?.CpuSeconds() - redisCpuBefore) with
        {
            GatewayPeakRssMb = LoadRun.Round(floorSampler.PeakRssMb()),
            GatewayExited = floor.Exited,
            GatewayLog = floor.Log,
        };
    }
}
