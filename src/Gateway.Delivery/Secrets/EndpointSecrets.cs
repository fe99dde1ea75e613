using System.Runtime.CompilerServices;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Signing;

namespace Gateway.Delivery.Secrets;

/// <summary>
/// The secrets of endpoints: sealed with <see cref="SecretProtector"/> for their endpoint and field, opened for delivery
/// (once per stored version of an endpoint, kept beside it in memory), and re-sealed under the current key.
/// </summary>
public sealed class EndpointSecrets(SecretProtector protector)
{
    private const string Signing = "signing";
    private const string Broker = "broker";
    private readonly ConditionalWeakTable<WebhookEndpoint, OpenedSecrets> _opened = [];
    private volatile string? _unavailable;

    public SecretProtector Protector => protector;

    /// <summary>Why a stored secret could not be opened lately (a missing or wrong key), or null; readiness reports it.</summary>
    public string? Unavailable => _unavailable;

    /// <summary>The signing secret (<c>whsec_</c> or <c>whsk_</c>) sealed for <paramref name="endpointId"/>.</summary>
    public string SealSigning(string endpointId, string secret) => protector.Protect(secret, Context(endpointId, Signing));

    /// <summary>The stored signing secret opened.</summary>
    /// <exception cref="EncryptionUnavailableException">The key to open it is not here.</exception>
    public string OpenSigning(string endpointId, string stored) => Open(stored, Context(endpointId, Signing));

    /// <summary>Secret header values sealed for <paramref name="endpointId"/>, each bound to its header name.</summary>
    public Dictionary<string, string> SealHeaders(string endpointId, IReadOnlyDictionary<string, string> headers) =>
        headers.ToDictionary(h => h.Key, h => protector.Protect(h.Value, Context(endpointId, HeaderPurpose(h.Key))), StringComparer.OrdinalIgnoreCase);

    /// <summary>A broker URL (which may carry credentials) sealed for <paramref name="endpointId"/>.</summary>
    public string SealBroker(string endpointId, string url) => protector.Protect(url, Context(endpointId, Broker));

    /// <summary>The stored broker URL opened.</summary>
    /// <exception cref="EncryptionUnavailableException">The key to open it is not here.</exception>
    public string OpenBroker(string endpointId, string stored) => Open(stored, Context(endpointId, Broker));

    /// <summary>Opens what a delivery of <paramref name="endpoint"/> needs; false with why when a key is missing or wrong.</summary>
    public bool TryOpen(WebhookEndpoint endpoint, out OpenedSecrets? opened, out string? failure)
    {
        if (_opened.TryGetValue(endpoint, out opened))
        {
            failure = null;
            return true;
        }

        try
        {
            var current = SigningKey.FromSecret(OpenSigning(endpoint.Id, endpoint.Secret));
            var previous = endpoint.PreviousSecret is { } stored ? SigningKey.FromSecret(OpenSigning(endpoint.Id, stored)) : null;
            var headers = endpoint.SecretHeaders?.Select(h => KeyValuePair.Create(h.Key, Open(h.Value, Context(endpoint.Id, HeaderPurpose(h.Key))))).ToArray() ?? [];
            var broker = endpoint.RabbitMq is { } rabbit ? OpenBroker(endpoint.Id, rabbit.Url) : null;
            opened = new OpenedSecrets(current, previous, headers) { BrokerUrl = broker };
            _opened.AddOrUpdate(endpoint, opened);
            failure = null;
            return true;
        }
        catch (EncryptionUnavailableException ex)
        {
            _unavailable = ex.Message;
            failure = ex.Message;
            return false;
        }
    }

    /// <summary>
    /// The endpoint with every secret sealed under the current key (plain text from before encryption, or a previous
    /// key's values); null when it already is.
    /// </summary>
    /// <exception cref="EncryptionUnavailableException">No current key, or a value cannot be opened here.</exception>
    public WebhookEndpoint? Reseal(WebhookEndpoint endpoint)
    {
        var changed = false;
        string Again(string stored, string context)
        {
            if (protector.IsCurrent(stored))
            {
                return stored;
            }

            changed = true;
            return protector.Protect(Open(stored, context), context);
        }

        var signing = Context(endpoint.Id, Signing);
        var resealed = endpoint with
        {
            Secret = Again(endpoint.Secret, signing),
            PreviousSecret = endpoint.PreviousSecret is { } previous ? Again(previous, signing) : null,
            SecretHeaders = endpoint.SecretHeaders?.ToDictionary(h => h.Key, h => Again(h.Value, Context(endpoint.Id, HeaderPurpose(h.Key))), StringComparer.OrdinalIgnoreCase),
            RabbitMq = endpoint.RabbitMq is { } rabbit ? rabbit with { Url = Again(rabbit.Url, Context(endpoint.Id, Broker)) } : null,
        };
        return changed ? resealed : null;
    }

    /// <summary>Records the outcome of a full pass over the stored secrets: null when every one opened.</summary>
    public void Report(string? unavailable) => _unavailable = unavailable;

    private string Open(string stored, string context)
    {
        try
        {
            return protector.Unprotect(stored, context);
        }
        catch (EncryptionUnavailableException ex)
        {
            _unavailable = ex.Message;
            throw;
        }
    }

    private static string Context(string endpointId, string purpose) => $"endpoint/{endpointId}/{purpose}";

    private static string HeaderPurpose(string name) => "header/" + name.ToLowerInvariant();
}
