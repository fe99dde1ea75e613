using System.Globalization;
using LoadDriver.Hosting;
using LoadDriver.Ingestion;
using LoadDriver.Receiver;
using LoadDriver.Reporting;
using LoadDriver.Scenarios;

namespace LoadDriver;

/// <summary>
/// One bounded run against the gateway (started or given): tenant and endpoints, warm-up, measured ingestion, then
/// the drain of every delivery, unless the scenario awaits none (<c>ingest</c>).
/// </summary>
internal static class LoadRun
{
    private static readonly TimeSpan WarmupDrainTimeout = TimeSpan.FromSeconds(30);

    // Late duplicates (a redelivery racing its own success) show up shortly after the last first receipt.
    private static readonly TimeSpan DuplicateGrace = TimeSpan.FromMilliseconds(500);

    public static async Task<RunReport> RunAsync(DriverOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var scenario = options.Scenario;
        var stamp = time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var root = LocalGateway.FindRepositoryRoot();
        var runDirectory = RunSetup.RunDirectory(scenario, time);

        LocalGateway? local = null;
        ProcessSampler? gatewaySampler = null;
        ProcessSampler? redisSampler = null;
        var created = new List<CreatedEndpoint>();
        string? apiKey = null;
        using var handler = RunSetup.Handler(scenario);
        try
        {
            Uri gatewayUrl;
            string adminKey;
            if (options.GatewayUrl is null)
            {
                var dll = options.GatewayDll ?? Path.Combine(root ?? ".", "src", "Gateway", "bin", "Release", "net10.0", "Gateway.dll");
                Progress($"starting redis-server and {dll} (logs in {runDirectory})");
                local = await LocalGateway.StartAsync(dll, options.RedisServer, scenario.GatewayEnvironment, scenario.Workers, runDirectory, cancellationToken);
                (gatewayUrl, adminKey) = (local.Url, local.AdminKey);
                gatewaySampler = new ProcessSampler(local.GatewayPids, TimeSpan.FromMilliseconds(250));
                redisSampler = new ProcessSampler(local.RedisPid, TimeSpan.FromSeconds(1));
            }
            else
            {
                (gatewayUrl, adminKey) = (options.GatewayUrl, options.AdminKey!);
                gatewaySampler = options.GatewayPid is { } pid ? new ProcessSampler(pid, TimeSpan.FromMilliseconds(250)) : null;
            }

            var ledger = new DeliveryLedger(time);
            await using var receiver = await WebhookReceiver.StartAsync(ledger, scenario.StuckHold, cancellationToken);
            using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = gatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
            var gateway = new GatewayClient(http);

            apiKey = await gateway.CreateTenantAsync(adminKey, $"load-{scenario.Name}-{stamp}", cancellationToken);
            var total = scenario.Endpoints + scenario.StuckEndpoints;
            Progress($"tenant created; registering {total} endpoints on {receiver.BaseAddress}");
            for (var n = 0; n < total; n++)
            {
                var endpoint = await gateway.CreateEndpointAsync(apiKey, new Uri(receiver.BaseAddress, $"/hook/{n}"), scenario.Orders > 0, options.SignatureScheme, cancellationToken);
                created.Add(endpoint);
                ledger.Add(endpoint.Secret, stuck: n >= scenario.Endpoints);
            }

            var driver = new IngestDriver(http, apiKey, scenario, time);
            if (options.Warmup > TimeSpan.Zero)
            {
                Progress($"warming up for {options.Warmup.TotalSeconds:0.#} s");
                var warm = await driver.RunAsync(warmup: true, options.Warmup, cancellationToken);
                if (scenario.AwaitsDeliveries)
                {
                    await DrainAsync(() => ledger.HealthyWarmupUnique, warm.Accepted * scenario.Endpoints, WarmupDrainTimeout, local, time, cancellationToken);
                }
            }

            var gatewayCpuBefore = gatewaySampler?.CpuSeconds();
            var redisCpuBefore = redisSampler?.CpuSeconds();
            var commandsBefore = local is null ? null : await RedisCommandStats.ReadAsync(local.RedisPort, cancellationToken);
            var measuredStart = time.GetTimestamp();
            Progress($"measuring for {options.Duration.TotalSeconds:0.#} s: rate {(scenario.Rate == 0 ? "unbounded" : scenario.Rate + "/s")}, {scenario.Connections} connections, {scenario.Endpoints} endpoints"
                + (scenario.StuckEndpoints > 0 ? $" + {scenario.StuckEndpoints} stuck" : string.Empty)
                + (scenario.BatchSize > 0 ? $", batches of {scenario.BatchSize}" : string.Empty));
            var ingest = await driver.RunAsync(warmup: false, options.Duration, cancellationToken);
            if (!scenario.AwaitsDeliveries)
            {
                return await IngestOnlyReportAsync(scenario, ingest, gatewaySampler, gatewayCpuBefore, redisSampler, redisCpuBefore, commandsBefore, local, cancellationToken);
            }

            var expected = ingest.Accepted * scenario.Endpoints;
            Progress($"accepted {ingest.Accepted} events; waiting up to {options.DrainTimeout.TotalSeconds:0} s for {expected} deliveries");
            var drainStart = time.GetTimestamp();
            var drained = await DrainAsync(() => ledger.HealthyUnique, expected, options.DrainTimeout, local, time, cancellationToken);
            var drainSeconds = time.GetElapsedTime(drainStart).TotalSeconds;
            await Task.Delay(DuplicateGrace, time, cancellationToken);

            var delivered = ledger.HealthyUnique;
            var deliveryWindow = ledger.LastDeliveryTimestamp > measuredStart ? time.GetElapsedTime(measuredStart, ledger.LastDeliveryTimestamp) : TimeSpan.Zero;
            var all = ledger.All.Summarize();
            var healthy = ledger.Healthy.Summarize();
            var ingestLatency = ingest.Latency.Summarize();
            var stuck = ledger.Endpoints.Where(e => e.Stuck).ToList();
            var isolation = scenario.StuckEndpoints > 0;
            var gatewayCpu = gatewaySampler?.CpuSeconds() - gatewayCpuBefore;
            var redisCpu = redisSampler?.CpuSeconds() - redisCpuBefore;
            var commands = local is null ? null : await RedisCommandStats.ReadAsync(local.RedisPort, cancellationToken) - commandsBefore;
            if (commands is not null)
            {
                Progress($"Redis commands per event: {commands.Top(ingest.Accepted)}");
            }

            return new RunReport
            {
                Scenario = scenario.Name,
                AcceptedPerSec = Round(ingest.Accepted / ingest.Elapsed.TotalSeconds),
                DeliveriesPerSec = deliveryWindow > TimeSpan.Zero ? Round(delivered / deliveryWindow.TotalSeconds) : 0,
                E2eP50Ms = Round(all.P50),
                E2eP99Ms = Round(all.P99),
                E2eMaxMs = Round(all.Max),
                Lost = Math.Max(0, expected - delivered),
                Duplicates = ledger.HealthyEndpoints.Sum(e => e.Duplicates),
                BadSignatures = ledger.Endpoints.Sum(e => e.BadSignatures),
                GatewayPeakRssMb = Round(gatewaySampler?.PeakRssMb()),
                GatewayCpuSeconds = Round(gatewayCpu),
                GatewayCpuMsPerEvent = CpuPerEvent.Milliseconds(gatewayCpu, ingest.Accepted),
                RedisCpuMsPerEvent = CpuPerEvent.Milliseconds(redisCpu, ingest.Accepted),
                RedisScriptCallsPerEvent = PerEvent(commands?.ScriptCalls, ingest.Accepted),
                RedisCommandsPerEvent = PerEvent(commands?.Commands, ingest.Accepted),
                HealthyE2eP50Ms = isolation ? Round(healthy.P50) : null,
                HealthyE2eP99Ms = isolation ? Round(healthy.P99) : null,
                HealthyE2eMaxMs = isolation ? Round(healthy.Max) : null,
                StuckEndpointMessages = isolation ? stuck.Sum(e => e.Unique + e.WarmupUnique) : null,
                StuckEndpointAttempts = isolation ? stuck.Sum(e => e.Attempts) : null,
                DurationSeconds = Round(ingest.Elapsed.TotalSeconds),
                Rate = scenario.Rate,
                Connections = scenario.Connections,
                Endpoints = scenario.Endpoints,
                Workers = local is not null && scenario.Workers > 0 ? scenario.Workers : null,
                EventBytes = scenario.BatchSize > 0 ? null : EventBytes(scenario),
                StuckEndpoints = isolation ? scenario.StuckEndpoints : null,
                BatchSize = scenario.BatchSize > 0 ? scenario.BatchSize : null,
                Orders = scenario.Orders > 0 ? scenario.Orders : null,
                OutOfOrder = scenario.Orders > 0 ? ledger.Endpoints.Sum(e => e.OutOfOrder) : null,
                Accepted = ingest.Accepted,
                Rejected = ingest.Rejected,
                IngestErrors = ingest.Errors,
                IngestStatus = ingest.StatusCodes.OrderBy(p => p.Key).ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value),
                IngestP50Ms = Round(ingestLatency.P50),
                IngestP99Ms = Round(ingestLatency.P99),
                Expected = expected,
                Delivered = delivered,
                Malformed = ledger.Malformed,
                DrainSeconds = Round(drainSeconds),
                DrainTimedOut = !drained,
                RedisCpuSeconds = Round(redisCpu),
                GatewayExited = local?.GatewayExited,
                FirstError = ingest.FirstError,
                GatewayLog = local?.GatewayLog,
            };
        }
        finally
        {
            // A gateway that outlives the run would otherwise retry into the closed receiver for days.
            if (local is null && options.GatewayUrl is not null && apiKey is not null)
            {
                using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = options.GatewayUrl, Timeout = TimeSpan.FromSeconds(5) };
                var gateway = new GatewayClient(http);
                foreach (var endpoint in created)
                {
                    await gateway.DeleteEndpointAsync(apiKey, endpoint.Id, CancellationToken.None);
                }
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

    private static async Task<RunReport> IngestOnlyReportAsync(
        Scenario scenario, IngestResult ingest, ProcessSampler? gatewaySampler, double? gatewayCpuBefore, ProcessSampler? redisSampler, double? redisCpuBefore,
        RedisCommandStats? commandsBefore, LocalGateway? local, CancellationToken cancellationToken)
    {
        var gatewayCpu = gatewaySampler?.CpuSeconds() - gatewayCpuBefore;
        var redisCpu = redisSampler?.CpuSeconds() - redisCpuBefore;
        var commands = local is null ? null : await RedisCommandStats.ReadAsync(local.RedisPort, cancellationToken) - commandsBefore;
        Progress($"accepted {ingest.Accepted} events; deliveries are not awaited in {scenario.Name}");
        return Report(scenario, ingest, gatewayCpu, redisCpu) with
        {
            GatewayPeakRssMb = Round(gatewaySampler?.PeakRssMb()),
            RedisScriptCallsPerEvent = PerEvent(commands?.ScriptCalls, ingest.Accepted),
            RedisCommandsPerEvent = PerEvent(commands?.Commands, ingest.Accepted),
            Endpoints = scenario.Endpoints,
            GatewayExited = local?.GatewayExited,
            GatewayLog = local?.GatewayLog,
        };
    }

    private static double? PerEvent(long? count, long accepted) => count is { } n && accepted > 0 ? Round((double)n / accepted) : null;

    /// <summary>The ingestion side of a report, shared by every scenario with traffic.</summary>
    public static RunReport Report(Scenario scenario, IngestResult ingest, double? processCpu, double? redisCpu)
    {
        var latency = ingest.Latency.Summarize();
        return new RunReport
        {
            Scenario = scenario.Name,
            AcceptedPerSec = Round(ingest.Accepted / ingest.Elapsed.TotalSeconds),
            GatewayCpuSeconds = Round(processCpu),
            GatewayCpuMsPerEvent = CpuPerEvent.Milliseconds(processCpu, ingest.Accepted),
            RedisCpuSeconds = Round(redisCpu),
            RedisCpuMsPerEvent = CpuPerEvent.Milliseconds(redisCpu, ingest.Accepted),
            DurationSeconds = Round(ingest.Elapsed.TotalSeconds),
            Rate = scenario.Rate,
            Connections = scenario.Connections,
            EventBytes = scenario.BatchSize > 0 ? null : EventBytes(scenario),
            Accepted = ingest.Accepted,
            Rejected = ingest.Rejected,
            IngestErrors = ingest.Errors,
            IngestStatus = ingest.StatusCodes.OrderBy(p => p.Key).ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value),
            IngestP50Ms = Round(latency.P50),
            IngestP99Ms = Round(latency.P99),
            FirstError = ingest.FirstError,
        };
    }

    private static int EventBytes(Scenario scenario)
    {
        var sample = EventDocuments.ObjectId(warmup: false, 100_000);
        return scenario.SeedBody ? EventDocuments.Seed(sample, DateTimeOffset.UnixEpoch).Length : EventDocuments.Single(sample, DateTimeOffset.UnixEpoch).Length;
    }

    private static async Task<bool> DrainAsync(Func<long> received, long expected, TimeSpan timeout, LocalGateway? local, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        while (received() < expected)
        {
            if (time.GetElapsedTime(start) >= timeout || local?.GatewayExited == true)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }

        return true;
    }

    private static double Round(double value) => Math.Round(value, 1);

    public static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;

    public static void Progress(string message) => Console.Error.WriteLine($"[load] {message}");
}
