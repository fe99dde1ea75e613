using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LoadDriver.Hosting;

/// <summary>Waits, bounded, until a started child answers.</summary>
internal static class Readiness
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public static async Task WaitForRedisAsync(ChildProcess redis, int port, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (redis.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {redis.ExitCode}:{Environment.NewLine}{redis.Tail()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer, cancellationToken);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"redis-server on port {port} did not answer PING within {StartTimeout.TotalSeconds} s.");
    }

    /// <summary>Polls <c>/readyz</c> until it answers 2xx; a host without it is ready once <c>/healthz</c> answers.</summary>
    public static async Task WaitForHttpAsync(ChildProcess process, Uri url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        var path = "/readyz";
        var last = "no answer";
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Path.GetFileName(process.LogPath)}: the process exited with code {process.ExitCode}:{Environment.NewLine}{process.Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(path, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"{path} answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    path = "/healthz";
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"{url} was not ready within {StartTimeout.TotalSeconds} s ({last}):{Environment.NewLine}{process.Tail()}");
    }
}
