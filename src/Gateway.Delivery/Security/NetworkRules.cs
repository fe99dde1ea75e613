using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Delivery.Security;

/// <summary>
/// Addresses a webhook must never reach unless private networks are allowed: every range of the IANA IPv4 and
/// IPv6 special-purpose registries that is not globally reachable (loopback, private, link-local, CGNAT,
/// documentation, benchmarking, site-local, unique local, discard, …), multicast, reserved space, cloud metadata,
/// and any IPv6 address that carries one of those IPv4 addresses inside it (IPv4-mapped, IPv4-compatible, 6to4,
/// NAT64, Teredo). Used at registration, at update and in the delivery handler's connect callback.
/// </summary>
public static class NetworkRules
{
    private static readonly Range[] ForbiddenV4 =
    [
        new("0.0.0.0", 8),          // "this" network
        new("10.0.0.0", 8),         // private
        new("100.64.0.0", 10),      // shared address space (CGNAT)
        new("127.0.0.0", 8),        // loopback
        new("169.254.0.0", 16),     // link-local, incl. 169.254.169.254 metadata
        new("172.16.0.0", 12),      // private
        new("192.0.0.0", 24),       // IETF protocol assignments (incl. 192.0.0.192 metadata)
        new("192.0.2.0", 24),       // documentation (TEST-NET-1)
        new("192.88.99.0", 24),     // deprecated 6to4 relay anycast
        new("192.168.0.0", 16),     // private
        new("198.18.0.0", 15),      // benchmarking
        new("198.51.100.0", 24),    // documentation (TEST-NET-2)
        new("203.0.113.0", 24),     // documentation (TEST-NET-3)
        new("224.0.0.0", 4),        // multicast
        new("240.0.0.0", 4),        // reserved, incl. 255.255.255.255 broadcast
    ];

    // Ranges outside 2000::/3 are refused by the global-unicast rule too; they are listed so the registry reads whole.
    private static readonly Range[] ForbiddenV6 =
    [
        new("::", 128),             // unspecified
        new("::1", 128),            // loopback
        new("64:ff9b:1::", 48),     // local-use NAT64 (RFC 8215): not globally reachable, whatever it embeds
        new("100::", 64),           // discard-only
        new("100:0:0:1::", 64),     // dummy prefix
        new("2001::", 23),          // IETF protocol assignments (Teredo, 2001::/32, is judged by its client address instead)
        new("2001:db8::", 32),      // documentation
        new("3fff::", 20),          // documentation
        new("5f00::", 16),          // SRv6 SIDs
        new("fc00::", 7),           // unique local, incl. fd00:ec2::254 metadata
        new("fe80::", 10),          // link-local
        new("fec0::", 10),          // site-local (deprecated, still routed by some stacks)
        new("ff00::", 8),           // multicast
    ];

    // Only 2000::/3 is allocated as global unicast; everything else in IPv6 is reserved or special.
    private static readonly Range GlobalUnicast = new("2000::", 3);

    private static readonly Range Teredo = new("2001::", 32);
    private static readonly Range SixToFour = new("2002::", 16);
    private static readonly Range Nat64 = new("64:ff9b::", 96);
    private static readonly Range Nat64LocalUse = new("64:ff9b:1::", 48);

    /// <summary>True when <paramref name="address"/> is in a range webhooks must not reach.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return Array.Exists(ForbiddenV4, r => r.Contains(address));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return true;
        }

        if (EmbeddedIPv4(address) is { } embedded)
        {
            // Judged by the IPv4 address it carries (:: and ::1 carry 0.0.0.x), and by its own prefix when that is local.
            return IsForbidden(embedded) || Nat64LocalUse.Contains(address);
        }

        return !GlobalUnicast.Contains(address) || Array.Exists(ForbiddenV6, r => r.Contains(address));
    }

    /// <summary>The addresses a connection may use: all of them when private networks are allowed, else the permitted ones.</summary>
    public static IPAddress[] Reachable(IEnumerable<IPAddress> addresses, bool allowPrivateNetworks) =>
        [.. addresses.Where(a => allowPrivateNetworks || !IsForbidden(a))];

    /// <summary>
    /// The IPv4 address an IPv6 address stands for, if it is one of the forms that carry one: IPv4-mapped
    /// (<c>::ffff:a.b.c.d</c>), IPv4-compatible (<c>::a.b.c.d</c>), NAT64 (<c>64:ff9b::a.b.c.d</c> and the local-use
    /// <c>64:ff9b:1::/48</c>), 6to4 (<c>2002:aabb:ccdd::</c>) and Teredo (<c>2001:0:…</c>, client address inverted).
    /// </summary>
    public static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        var high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        var low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        if (high == 0 && (low >> 32) is 0xFFFF or 0)
        {
            // IPv4-mapped, or IPv4-compatible (:: and ::1 are in the forbidden list; their "IPv4" is 0.0.0.x).
            return new IPAddress(bytes[12..]);
        }

        if (Nat64.Contains(address) || Nat64LocalUse.Contains(address))
        {
            return new IPAddress(bytes[12..]);
        }

        if (SixToFour.Contains(address))
        {
            return new IPAddress(bytes[2..6]);
        }

        if (Teredo.Contains(address))
        {
            Span<byte> client = stackalloc byte[4];
            for (var i = 0; i < 4; i++)
            {
                client[i] = (byte)~bytes[12 + i];
            }

            return new IPAddress(client);
        }

        return null;
    }

    public static bool IsIp(AddressFamily family) => family is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6;

    private sealed class Range(string network, int prefix)
    {
        private readonly byte[] _network = IPAddress.Parse(network).GetAddressBytes();

        public bool Contains(IPAddress address)
        {
            Span<byte> a = stackalloc byte[16];
            if (!address.TryWriteBytes(a, out var length) || length != _network.Length)
            {
                return false;
            }

            var fullBytes = prefix / 8;
            if (!a[..fullBytes].SequenceEqual(_network.AsSpan(0, fullBytes)))
            {
                return false;
            }

            var rest = prefix % 8;
            if (rest == 0)
            {
                return true;
            }

            var mask = (byte)(0xFF << (8 - rest));
            return (a[fullBytes] & mask) == (_network[fullBytes] & mask);
        }
    }
}
