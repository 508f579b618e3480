using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace TickStream.Reliability.Tests;

/// <summary>
/// Three Linux network namespaces, feed, gateway and client, joined by two veth pairs: feed (10.R.1.1) to
/// gateway (10.R.1.2), and gateway (10.R.2.1) to client (10.R.2.2), with R random. Names carry a random suffix
/// behind <see cref="Prefix"/>; dispose deletes the namespaces, and with them the veths.
/// </summary>
internal sealed class NetworkNamespaces : IDisposable
{
    /// <summary>What every namespace of these tests is called first.</summary>
    public const string Prefix = "ts-";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);
    private readonly List<string> _created = [];

    private NetworkNamespaces(string id, int octet)
    {
        Feed = $"{Prefix}feed-{id}";
        Gateway = $"{Prefix}gw-{id}";
        Client = $"{Prefix}cli-{id}";
        FeedLink = $"tf{id}";
        GatewayFeedLink = $"tg{id}";
        GatewayClientLink = $"th{id}";
        ClientLink = $"tc{id}";
        FeedAddress = $"10.{octet}.1.1";
        GatewayUpstreamAddress = $"10.{octet}.1.2";
        GatewayAddress = $"10.{octet}.2.1";
        ClientAddress = $"10.{octet}.2.2";
    }

    public string Feed { get; }

    public string Gateway { get; }

    public string Client { get; }

    /// <summary>The feed's end of the feed-gateway pair (in <see cref="Feed"/>).</summary>
    public string FeedLink { get; }

    /// <summary>The gateway's end of the feed-gateway pair.</summary>
    public string GatewayFeedLink { get; }

    /// <summary>The gateway's end of the gateway-client pair.</summary>
    public string GatewayClientLink { get; }

    /// <summary>The client's end of the gateway-client pair (in <see cref="Client"/>).</summary>
    public string ClientLink { get; }

    public string FeedAddress { get; }

    public string GatewayUpstreamAddress { get; }

    public string GatewayAddress { get; }

    public string ClientAddress { get; }

    /// <summary>Why these tests cannot run here, or null when they can: Linux, root, and iproute2's <c>ip</c>.</summary>
    public static string? SkipReason()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces need Linux";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "creating network namespaces and veth pairs needs root (CI runs as root)";
        }

        try
        {
            var (code, _, error) = Run("ip", "-V");
            return code == 0 ? null : $"'ip -V' failed ({code}): {error}";
        }
        catch (Win32Exception e)
        {
            return $"iproute2's 'ip' is not installed ({e.Message})";
        }
    }

    /// <summary>
    /// Creates the namespaces and links; null with <paramref name="skipReason"/> when <c>ip netns add</c> is refused
    /// (a container without the privilege). Any other failure throws, after removing what was made.
    /// </summary>
    public static NetworkNamespaces? Create(out string? skipReason)
    {
        DeleteLeftovers();
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var octet = RandomNumberGenerator.GetInt32(16, 250);
        var net = new NetworkNamespaces(id, octet);
        var (code, _, error) = Run("ip", "netns", "add", net.Feed);
        if (code != 0)
        {
            skipReason = $"'ip netns add' failed ({code}): {error.Trim()}";
            return null;
        }

        net._created.Add(net.Feed);
        try
        {
            Must("netns", "add", net.Gateway);
            net._created.Add(net.Gateway);
            Must("netns", "add", net.Client);
            net._created.Add(net.Client);

            // A veth pair is made in this namespace, then each end moves to its own.
            Must("link", "add", net.FeedLink, "type", "veth", "peer", "name", net.GatewayFeedLink);
            Must("link", "set", net.FeedLink, "netns", net.Feed);
            Must("link", "set", net.GatewayFeedLink, "netns", net.Gateway);
            Must("link", "add", net.GatewayClientLink, "type", "veth", "peer", "name", net.ClientLink);
            Must("link", "set", net.GatewayClientLink, "netns", net.Gateway);
            Must("link", "set", net.ClientLink, "netns", net.Client);

            Must("-n", net.Feed, "addr", "add", net.FeedAddress + "/24", "dev", net.FeedLink);
            Must("-n", net.Gateway, "addr", "add", net.GatewayUpstreamAddress + "/24", "dev", net.GatewayFeedLink);
            Must("-n", net.Gateway, "addr", "add", net.GatewayAddress + "/24", "dev", net.GatewayClientLink);
            Must("-n", net.Client, "addr", "add", net.ClientAddress + "/24", "dev", net.ClientLink);
            foreach (var (ns, link) in new[] { (net.Feed, net.FeedLink), (net.Gateway, net.GatewayFeedLink), (net.Gateway, net.GatewayClientLink), (net.Client, net.ClientLink) })
            {
                Must("-n", ns, "link", "set", link, "up");
            }

            foreach (var ns in new[] { net.Feed, net.Gateway, net.Client })
            {
                Must("-n", ns, "link", "set", "lo", "up");
            }

            // The /24 on each link gives the direct routes (client to gateway, gateway to feed); the defaults make
            // the far ends reachable through the gateway as well, as on a routed network.
            Must("-n", net.Client, "route", "add", "default", "via", net.GatewayAddress);
            Must("-n", net.Feed, "route", "add", "default", "via", net.GatewayUpstreamAddress);
            skipReason = null;
            return net;
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    /// <summary>Runs <c>ip ARGS</c> and throws with its error output when it fails.</summary>
    public static void Must(params string[] arguments)
    {
        var (code, _, error) = Run("ip", arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"'ip {string.Join(' ', arguments)}' failed ({code}): {error.Trim()}");
        }
    }

    /// <summary>Runs a program to its end (bounded) and returns its exit code and outputs.</summary>
    public static (int Code, string Output, string Error) Run(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill();
            return (-1, "", $"timed out after {CommandTimeout}");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    public void Dispose()
    {
        // Deleting a namespace deletes the veth ends in it, and so both pairs. Processes still inside would keep it
        // alive: the tests kill their children first.
        for (var i = _created.Count - 1; i >= 0; i--)
        {
            Run("ip", "netns", "del", _created[i]);
        }

        _created.Clear();
    }

    /// <summary>
    /// Removes namespaces of these tests left behind by a run that died (killed before its dispose): only those of
    /// our prefix, older than ten minutes (no test runs that long) and with no process inside.
    /// </summary>
    private static void DeleteLeftovers()
    {
        var (code, output, _) = Run("ip", "netns", "list");
        if (code != 0)
        {
            return;
        }

        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = line.Split(' ')[0];
            if (!name.StartsWith(Prefix + "feed-", StringComparison.Ordinal) && !name.StartsWith(Prefix + "gw-", StringComparison.Ordinal)
                && !name.StartsWith(Prefix + "cli-", StringComparison.Ordinal))
            {
                continue;
            }

            var file = new FileInfo(Path.Combine("/run/netns", name));
            if (!file.Exists || DateTime.UtcNow - file.LastWriteTimeUtc < TimeSpan.FromMinutes(10))
            {
                continue;
            }

            var (pidsCode, pids, _) = Run("ip", "netns", "pids", name);
            if (pidsCode == 0 && string.IsNullOrWhiteSpace(pids))
            {
                Run("ip", "netns", "del", name);
            }
        }
    }

    /// <summary>For messages: the layout.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Feed} {FeedAddress} <-{FeedLink}/{GatewayFeedLink}-> {Gateway} {GatewayUpstreamAddress},{GatewayAddress} <-{GatewayClientLink}/{ClientLink}-> {Client} {ClientAddress}");
}
