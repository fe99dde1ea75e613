using System.Diagnostics;
using System.Globalization;

namespace LoadDriver.Hosting;

/// <summary>
/// Redis's own count of the commands it ran (<c>INFO commandstats</c>, read with <c>redis-cli</c>): every command,
/// those a script runs included, and the script calls themselves (<c>EVALSHA</c>, <c>EVAL</c>).
/// </summary>
internal sealed record RedisCommandStats(long Commands, long ScriptCalls, IReadOnlyDictionary<string, long> Calls)
{
    public static async Task<RedisCommandStats?> ReadAsync(int port, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("redis-cli", ["-p", port.ToString(CultureInfo.InvariantCulture), "INFO", "commandstats"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode == 0 ? Parse(output) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no redis-cli on PATH
        }
    }

    /// <summary>Lines of the form <c>cmdstat_evalsha:calls=12,usec=...</c>.</summary>
    public static RedisCommandStats Parse(string info)
    {
        long commands = 0, scripts = 0;
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in info.Split('\n', StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith("cmdstat_", StringComparison.Ordinal) || line.IndexOf(":calls=", StringComparison.Ordinal) is not (> 0 and var colon))
            {
                continue;
            }

            var name = line[8..colon];
            var digits = line.AsSpan(colon + 7);
            var end = digits.IndexOf(',');
            var count = long.Parse(end < 0 ? digits : digits[..end], CultureInfo.InvariantCulture);
            calls[name] = count;
            commands += count;
            if (name is "evalsha" or "eval" or "evalsha_ro" or "eval_ro")
            {
                scripts += count;
            }
        }

        return new RedisCommandStats(commands, scripts, calls);
    }

    public static RedisCommandStats? operator -(RedisCommandStats? after, RedisCommandStats? before) =>
        after is null || before is null
            ? null
            : new RedisCommandStats(after.Commands - before.Commands, after.ScriptCalls - before.ScriptCalls,
                after.Calls.ToDictionary(c => c.Key, c => c.Value - before.Calls.GetValueOrDefault(c.Key), StringComparer.Ordinal));

    /// <summary>The commands run most, per event: where a Redis shard's time goes.</summary>
    public string Top(long events, int count = 12) => events <= 0
        ? ""
        : string.Join(", ", Calls.Where(c => c.Value > 0).OrderByDescending(c => c.Value).Take(count)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {(double)c.Value / events:0.##}")));
}
