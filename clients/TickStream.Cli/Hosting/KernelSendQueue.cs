using System.Diagnostics;
using System.Globalization;

namespace TickStream.Cli.Hosting;

/// <summary>
/// What the kernel still holds for the subscribers of a bound TCP endpoint: the bytes in the send queues (sent but
/// not yet acknowledged, or not yet sent) of the established connections on its port, from /proc/net/tcp and
/// /proc/net/tcp6 (Linux).
/// </summary>
/// <remarks>
/// NetMQ closes its TCP connections with SO_LINGER 0, which resets them and throws away whatever their send
/// queues still hold: a publisher that closes while a slow subscriber is still taking in the tail loses that tail
/// even though NetMQ counts it as written. So a verb that publishes first waits, within its linger, for these
/// queues to stay empty for a while, and only then closes its socket.
/// </remarks>
internal static class KernelSendQueue
{
    private const string Established = "01";

    /// <summary>The port of a bound <c>tcp://host:port</c> endpoint, or null for anything else (connected, ipc, inproc).</summary>
    /// <param name="endpoint">The endpoint as bound, with the port chosen when it was <c>*</c>.</param>
    /// <returns>The port.</returns>
    public static int? BoundPort(string endpoint)
    {
        if (!endpoint.StartsWith("tcp://", StringComparison.Ordinal))
        {
            return null;
        }

        var colon = endpoint.LastIndexOf(':');
        return int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : null;
    }

    /// <summary>Bytes in the send queues of the established connections whose local port is <paramref name="port"/>; null when the kernel's tables cannot be read.</summary>
    /// <param name="port">The bound port.</param>
    /// <returns>The bytes, or null.</returns>
    public static long? PendingBytes(int port)
    {
        long total = 0;
        var read = false;
        foreach (var table in (string[])["/proc/net/tcp", "/proc/net/tcp6"])
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(table);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            read = true;
            foreach (var line in lines.AsSpan(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue ...; addresses are HEX:PORT in hex.
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 5 || fields[3] != Established)
                {
                    continue;
                }

                var local = fields[1];
                var queues = fields[4];
                if (int.TryParse(local.AsSpan(local.LastIndexOf(':') + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var localPort)
                    && localPort == port
                    && long.TryParse(queues.AsSpan(0, queues.IndexOf(':')), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var tx))
                {
                    total += tx;
                }
            }
        }

        return read ? total : null;
    }

    /// <summary>
    /// Waits until the send queues of the endpoint's connections have stayed empty for <paramref name="quiet"/>, at
    /// most until <paramref name="deadline"/>; polls every 10 ms.
    /// </summary>
    /// <param name="endpoint">The bound endpoint.</param>
    /// <param name="quiet">How long they must stay empty: longer than NetMQ's I/O thread takes to write more of what it still queues.</param>
    /// <param name="deadline">How long to wait at most.</param>
    /// <param name="pendingBytes">The bytes still queued when it returned.</param>
    /// <returns>True when they emptied; false when the deadline passed first; null when this cannot be known (not a bound TCP endpoint, or not Linux).</returns>
    public static bool? WaitUntilEmpty(string endpoint, TimeSpan quiet, TimeSpan deadline, out long pendingBytes)
    {
        pendingBytes = 0;
        if (BoundPort(endpoint) is not { } port || PendingBytes(port) is null)
        {
            return null;
        }

        var clock = Stopwatch.StartNew();
        var emptySince = TimeSpan.MinValue;
        while (true)
        {
            pendingBytes = PendingBytes(port) ?? 0;
            var now = clock.Elapsed;
            if (pendingBytes > 0)
            {
                emptySince = TimeSpan.MinValue;
            }
            else if (emptySince == TimeSpan.MinValue)
            {
                emptySince = now;
            }
            else if (now - emptySince >= quiet)
            {
                return true;
            }

            if (now >= deadline)
            {
                return false;
            }

            Thread.Sleep(10);
        }
    }
}
