using LoadDriver;
using LoadDriver.Reporting;
using LoadDriver.Scenarios;

DriverOptions options;
try
{
    options = DriverOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(DriverOptions.Usage);
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(DriverOptions.Usage);
    return 0;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Unwind normally so the child redis-server and gateway are killed.
    e.Cancel = true;
    stop.Cancel();
};

try
{
    IRunReport report = options.Scenario.Kind switch
    {
        ScenarioKind.Idle => await IdleRun.RunAsync(options, TimeProvider.System, stop.Token),
        ScenarioKind.Floor or ScenarioKind.FloorLpush => await FloorRun.RunAsync(options, TimeProvider.System, stop.Token),
        _ => await LoadRun.RunAsync(options, TimeProvider.System, stop.Token),
    };
    Console.WriteLine(report.ToJson());
    return report.Passed ? 0 : 1;
}
catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or FileNotFoundException or HttpRequestException or OperationCanceledException)
{
    Console.Error.WriteLine($"[load] failed: {ex.Message}");
    return 2;
}
