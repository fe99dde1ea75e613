using Gateway.Delivery.Secrets;
using Gateway.Endpoints;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Secrets;

/// <summary>
/// Re-encrypts every endpoint's secrets under the current operator key: once at start (which is how plain-text
/// secrets of an older build get encrypted in place) and on <c>POST /admin/encryption/reencrypt</c> after a key
/// rotation. Each endpoint is rewritten only if unchanged meanwhile, so it runs safely beside tenants and other processes.
/// </summary>
public sealed partial class SecretsReencryption(
    EndpointStore endpoints, EndpointSecrets secrets, IOptions<EncryptionOptions> options, TimeProvider time, ILogger<SecretsReencryption> logger) : BackgroundService
{
    /// <summary>Re-encrypts what is not under the current key, and tells readiness whether every secret opened.</summary>
    /// <exception cref="EncryptionUnavailableException">No usable current key.</exception>
    public async Task<ReencryptionReport> RunAsync(CancellationToken cancellationToken)
    {
        var keyId = secrets.Protector.CurrentKeyId ?? throw new EncryptionUnavailableException($"Nothing can be re-encrypted: {secrets.Protector.Problem}.");
        var ids = await endpoints.AllIdsAsync().ConfigureAwait(false);
        int reencrypted = 0, unreadable = 0;
        string? problem = null;
        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await endpoints.RewriteAsync(id, secrets.Reseal).ConfigureAwait(false))
                {
                    reencrypted++;
                }
            }
            catch (EncryptionUnavailableException ex)
            {
                unreadable++;
                problem = ex.Message;
                LogUnreadable(logger, id, ex.Message);
            }
        }

        secrets.Report(problem);
        LogDone(logger, ids.Count, reencrypted, unreadable, keyId);
        return new ReencryptionReport(keyId, ids.Count, reencrypted, unreadable, problem);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (secrets.Protector.CurrentKeyId is null || !options.Value.ReencryptOnStart)
        {
            return; // a missing key: readiness says so, nothing can be encrypted
        }

        // Retried until the store answers once: a gateway may start before its Redis.
        for (var delay = TimeSpan.FromSeconds(1); !stoppingToken.IsCancellationRequested; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks)))
        {
            try
            {
                await RunAsync(stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException or TimeoutException)
            {
                LogStoreUnreachable(logger, ex.Message);
            }

            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The secrets of endpoint {EndpointId} cannot be opened: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string endpointId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Secrets of {Endpoints} endpoints checked: {Reencrypted} re-encrypted, {Unreadable} unreadable; current key {KeyId}")]
    private static partial void LogDone(ILogger logger, int endpoints, int reencrypted, int unreadable, string keyId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not re-encrypt secrets yet: {Error}")]
    private static partial void LogStoreUnreachable(ILogger logger, string error);
}
