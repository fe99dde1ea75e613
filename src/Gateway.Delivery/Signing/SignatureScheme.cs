using System.Text.Json.Serialization;

namespace Gateway.Delivery.Signing;

/// <summary>How an endpoint's deliveries are signed (Standard Webhooks signature versions).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SignatureScheme>))]
public enum SignatureScheme
{
    /// <summary>HMAC-SHA256 with a shared <c>whsec_</c> secret.</summary>
    [JsonStringEnumMemberName("v1")]
    V1,

    /// <summary>Ed25519: the gateway keeps the private key (<c>whsk_</c>), the subscriber verifies with the public key (<c>whpk_</c>).</summary>
    [JsonStringEnumMemberName("v1a")]
    V1a,
}
