using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TickStream.Testing;

/// <summary>Loopback ports picked free at run time: the only way tests choose a port.</summary>
public static class Ports
{
    /// <summary>A port nothing listens on at the moment, from the kernel's ephemeral range.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A free port below the kernel's ephemeral range where it can be read: a port a test leaves unbound for a while
    /// (a server killed and restarted) is then not taken by an outgoing connection or a <c>tcp://*:*</c> bind of
    /// another test meanwhile.
    /// </summary>
    public static int FreeBelowEphemeralRange()
    {
        var low = 32_768;
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            low = int.Parse(range[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // Not Linux, or not readable: the usual start of the range.
        }

        for (var attempt = 0; attempt < 100 && low > 12_000; attempt++)
        {
            var port = Random.Shared.Next(10_000, low);
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: another.
            }
        }

        return Free();
    }
}
