using System.Globalization;
using System.Net;
using LoadDriver.Hosting;
using LoadDriver.Ingestion;
using LoadDriver.Receiver;
using LoadDriver.Reporting;

namespace LoadDriver;

/// <summary>
/// The gateway's cost at rest: a tenant, a quiet window, then N endpoints registered (concurrently, bounded) and a
/// second quiet window. Nothing is ingested; the receiver stays up so any request that still arrives is counted.
/// </summary>
internal static class IdleRun
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    public static async Task<IdleReport> RunAsync(DriverOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var scenario = options.Scenario;
        var stamp = time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var root = LocalGateway.FindRepositoryRoot();
        var runDirectory = RunSetup.RunDirectory(scenario, time);

        LocalGateway? local = null;
        ProcessSampler? gatewaySampler = null;
        ProcessSampler? redisSampler = null;
        var created = new CreatedEndpoint?[scenario.Endpoints];
        string? apiKey = null;
        using var handler = RunSetup.Handler(scenario);
        try
        {
            Uri gatewayUrl;
            string adminKey;
            IPEndPoint? redis;
            if (options.GatewayUrl is null)
            {
                var dll = options.GatewayDll ?? Path.Combine(root ?? ".", "src", "Gateway", "bin", "Release", "net10.0", "Gateway.dll");
                LoadRun.Progress($"starting redis-server and {dll}{(scenario.Workers > 0 ? $" (1 API + {scenario.Workers} worker processes)" : string.Empty)} (logs in {runDirectory})");
                local = await LocalGateway.StartAsync(dll, options.RedisServer, scenario.GatewayEnvironment, scenario.Workers, runDirectory, cancellationToken);
                (gatewayUrl, adminKey, redis) = (local.Url, local.AdminKey, new IPEndPoint(IPAddress.Loopback, local.RedisPort));
                gatewaySampler = new ProcessSampler(local.GatewayPids, TimeSpan.FromMilliseconds(250));
                redisSampler = new ProcessSampler(local.RedisPid, TimeSpan.FromSeconds(1));
            }
            else
            {
                (gatewayUrl, adminKey, redis) = (options.GatewayUrl, options.AdminKey!, options.Redis);
                gatewaySampler = options.GatewayPid is { } pid ? new ProcessSampler(pid, TimeSpan.FromMilliseconds(250)) : null;
            }

            var ledger = new DeliveryLedger(time);
            await using var receiver = await WebhookReceiver.StartAsync(ledger, scenario.StuckHold, cancellationToken);
            using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = gatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
            var gateway = new GatewayClient(http);
            apiKey = await gateway.CreateTenantAsync(adminKey, $"load-{scenario.Name}-{stamp}", cancellationToken);

            LoadRun.Progress($"tenant created; quiet window of {options.Duration.TotalSeconds:0.#} s with no endpoints");
            var baseline = await MeasureAsync(options, gatewaySampler, redisSampler, redis, time, cancellationToken);

            LoadRun.Progress($"registering {scenario.Endpoints} endpoints, {scenario.Connections} at a time");
            var registrationStart = time.GetTimestamp();
            var done = 0;
            await Parallel.ForEachAsync(
                Enumerable.Range(0, scenario.Endpoints),
                new ParallelOptions { MaxDegreeOfParallelism = scenario.Connections, CancellationToken = cancellationToken },
                async (n, token) =>
                {
                    created[n] = await gateway.CreateEndpointAsync(apiKey, new Uri(receiver.BaseAddress, $"/hook/{n}"), ordered: false, options.SignatureScheme, token);
                    if (Interlocked.Increment(ref done) % 2_000 == 0)
                    {
                        LoadRun.Progress($"{done} endpoints registered");
                    }
                });
            var registration = time.GetElapsedTime(registrationStart);
            foreach (var endpoint in created)
            {
                ledger.Add(endpoint!.Secret, stuck: false);
            }

            LoadRun.Progress($"registered {scenario.Endpoints} endpoints in {registration.TotalSeconds:0.#} s; quiet window of {options.Duration.TotalSeconds:0.#} s");
            var idle = await MeasureAsync(options, gatewaySampler, redisSampler, redis, time, cancellationToken);

            return new IdleReport
            {
                Scenario = scenario.Name,
                Endpoints = scenario.Endpoints,
                RegistrationSeconds = LoadRun.Round(registration.TotalSeconds)!.Value,
                RegistrationsPerSec = LoadRun.Round(scenario.Endpoints / registration.TotalSeconds)!.Value,
                DurationSeconds = LoadRun.Round(options.Duration.TotalSeconds)!.Value,
                GatewayCpuPercent = idle.GatewayCpuPercent,
                GatewayCpuPercentMax = idle.GatewayCpuPercentMax,
                RedisOpsPerSec = idle.RedisOpsPerSec,
                RedisOpsPerSecMax = idle.RedisOpsPerSecMax,
                RedisCpuPercent = idle.RedisCpuPercent,
                BaselineGatewayCpuPercent = baseline.GatewayCpuPercent,
                BaselineGatewayCpuPercentMax = baseline.GatewayCpuPercentMax,
                BaselineRedisOpsPerSec = baseline.RedisOpsPerSec,
                BaselineRedisOpsPerSecMax = baseline.RedisOpsPerSecMax,
                BaselineRedisCpuPercent = baseline.RedisCpuPercent,
                GatewayPeakRssMb = LoadRun.Round(gatewaySampler?.PeakRssMb()),
                Workers = local is not null && scenario.Workers > 0 ? scenario.Workers : null,
                Connections = scenario.Connections,
                ReceiverRequests = ledger.Endpoints.Sum(e => e.Attempts),
                GatewayExited = local?.GatewayExited,
                GatewayLog = local?.GatewayLog,
            };
        }
        finally
        {
            // A running gateway keeps what it was given; take the endpoints back, as the other scenarios do.
            if (local is null && options.GatewayUrl is not null && apiKey is not null)
            {
                using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = options.GatewayUrl, Timeout = TimeSpan.FromSeconds(5) };
                var gateway = new GatewayClient(http);
                await Parallel.ForEachAsync(
                    created.OfType<CreatedEndpoint>(),
                    new ParallelOptions { MaxDegreeOfParallelism = scenario.Connections },
                    async (endpoint, _) => await gateway.DeleteEndpointAsync(apiKey, endpoint.Id, CancellationToken.None));
            }

            if (gatewaySampler is not null)
            {
                await gatewaySampler.DisposeAsync();
            }

            if (redisSampler is not null)
            {
                await redisSampler.DisposeAsync();
            }

            local?.Dispose();
        }
    }

    /// <summary>Settles for the warm-up, then reads CPU and Redis's command counter once a second for the duration.</summary>
    private static async Task<IdleWindow> MeasureAsync(DriverOptions options, ProcessSampler? gatewaySampler, ProcessSampler? redisSampler, IPEndPoint? redis, TimeProvider time, CancellationToken cancellationToken)
    {
        if (options.Warmup > TimeSpan.Zero)
        {
            await Task.Delay(options.Warmup, time, cancellationToken);
        }

        var ticks = Math.Max(1, (int)Math.Round(options.Duration / Tick));
        var cpu = new double?[ticks + 1];
        var commands = new long?[ticks + 1];
        var redisCpu = new double?[ticks + 1];
        var at = new long[ticks + 1];
        using var timer = new PeriodicTimer(Tick, time);
        for (var i = 0; i <= ticks; i++)
        {
            if (i > 0)
            {
                await timer.WaitForNextTickAsync(cancellationToken);
            }

            at[i] = time.GetTimestamp();
            cpu[i] = gatewaySampler?.CpuSeconds();
            redisCpu[i] = redisSampler?.CpuSeconds();
            commands[i] = redis is null ? null : await RedisInfo.CommandsProcessedAsync(redis, cancellationToken);
        }

        var seconds = time.GetElapsedTime(at[0], at[ticks]).TotalSeconds;
        var perSecondCpu = new List<double>();
        var perSecondOps = new List<double>();
        for (var i = 1; i <= ticks; i++)
        {
            var step = time.GetElapsedTime(at[i - 1], at[i]).TotalSeconds;
            if (cpu[i] - cpu[i - 1] is { } c)
            {
                perSecondCpu.Add(c / step * 100);
            }

            // Each reading counts the previous one: one command of the driver's own per step.
            if (commands[i] - commands[i - 1] is { } n)
            {
                perSecondOps.Add((n - 1) / step);
            }
        }

        return new IdleWindow(
            LoadRun.Round((cpu[ticks] - cpu[0]) / seconds * 100),
            perSecondCpu.Count > 0 ? LoadRun.Round(perSecondCpu.Max()) : null,
            LoadRun.Round((commands[ticks] - commands[0] - ticks) / seconds),
            perSecondOps.Count > 0 ? LoadRun.Round(perSecondOps.Max()) : null,
            LoadRun.Round((redisCpu[ticks] - redisCpu[0]) / seconds * 100));
    }
}
