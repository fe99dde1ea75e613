using System.Net;
using System.Net.Sockets;

namespace Gateway.Delivery.Security;

/// <summary>
/// Addresses a webhook must never reach unless private networks are allowed: loopback, private, link-local,
/// CGNAT, multicast, reserved and cloud-metadata ranges, for IPv4, IPv6 and IPv4-mapped IPv6.
/// </summary>
public static class NetworkRules
{
    private static readonly (IPAddress Network, int Prefix)[] s_forbidden =
    [
        (IPAddress.Parse("0.0.0.0"), 8),          // "this" network
        (IPAddress.Parse("10.0.0.0"), 8),         // private
        (IPAddress.Parse("100.64.0.0"), 10),      // CGNAT
        (IPAddress.Parse("127.0.0.0"), 8),        // loopback
        (IPAddress.Parse("169.254.0.0"), 16),     // link-local, incl. 169.254.169.254 metadata
        (IPAddress.Parse("172.16.0.0"), 12),      // private
        (IPAddress.Parse("192.0.0.0"), 24),       // IETF protocol assignments (incl. 192.0.0.192 metadata)
        (IPAddress.Parse("192.168.0.0"), 16),     // private
        (IPAddress.Parse("198.18.0.0"), 15),      // benchmarking
        (IPAddress.Parse("224.0.0.0"), 4),        // multicast
        (IPAddress.Parse("240.0.0.0"), 4),        // reserved and broadcast
        (IPAddress.Parse("::"), 128),             // unspecified
        (IPAddress.Parse("::1"), 128),            // loopback
        (IPAddress.Parse("64:ff9b::"), 96),       // NAT64 (can embed a private IPv4)
        (IPAddress.Parse("fc00::"), 7),           // unique local, incl. fd00:ec2::254 metadata
        (IPAddress.Parse("fe80::"), 10),          // link-local
        (IPAddress.Parse("ff00::"), 8),           // multicast
    ];

    /// <summary>True when <paramref name="address"/> is in a range webhooks must not reach.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var (network, prefix) in s_forbidden)
        {
            if (network.AddressFamily == address.AddressFamily && InRange(address, network, prefix))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InRange(IPAddress address, IPAddress network, int prefix)
    {
        Span<byte> a = stackalloc byte[16];
        Span<byte> n = stackalloc byte[16];
        address.TryWriteBytes(a, out var length);
        network.TryWriteBytes(n, out _);
        var fullBytes = prefix / 8;
        if (!a[..fullBytes].SequenceEqual(n[..fullBytes]))
        {
            return false;
        }

        var rest = prefix % 8;
        if (rest == 0 || fullBytes >= length)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (a[fullBytes] & mask) == (n[fullBytes] & mask);
    }

    public static bool IsIp(AddressFamily family) => family is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6;
}
