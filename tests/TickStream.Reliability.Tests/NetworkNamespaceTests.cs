using System.Diagnostics;
using System.Globalization;
using TickStream.Reliability.SyncedClient;
using TickStream.Testing;

namespace TickStream.Reliability.Tests;

/// <summary>
/// Feed handler, gateway and client on three hosts: three network namespaces joined by veth pairs, each program
/// a child process in its own. Needs root and iproute2; skipped with the reason otherwise.
/// </summary>
public sealed class NetworkNamespaceTests
{
    private const int FeedPort = 5555;
    private const int PublishPort = 6000;
    private const int RequestPort = 5556;
    private const int HeartbeatTimeoutMs = 1_000;
    // Generous: the whole suite runs in parallel on two cores and child processes start slowly under that load.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan Cut = TimeSpan.FromSeconds(5);
    private static readonly string[] Symbols = ["AAPL", "MSFT", "SPY", "QQQ"];

    [Fact]
    public void CutClientLink_FiveSeconds_ClientRecoversBySnapshotAndEndsWithTheFeedsState()
    {
        if (NetworkNamespaces.SkipReason() is { } reason)
        {
            Assert.Skip(reason);
        }

        using var net = NetworkNamespaces.Create(out var refused);
        if (net is null)
        {
            Assert.Skip(refused!);
        }

        var cli = ChildProcess.AssemblyPath("tickstream", "clients/TickStream.Cli");
        var clientProgram = ChildProcess.AssemblyPath("TickStream.Reliability.SyncedClient", "tests/TickStream.Reliability.SyncedClient");
        var feedEndpoint = $"tcp://{net.FeedAddress}:{FeedPort}";
        var publish = $"tcp://{net.GatewayAddress}:{PublishPort}";
        var request = $"tcp://{net.GatewayAddress}:{RequestPort}";
        var symbols = string.Join(',', Symbols);
        var children = new List<ChildProcess>();
        try
        {
            var feed = Start(children, ChildProcess.StartDotnet("feed", cli,
                ["feed", "--pub", feedEndpoint, "--rate", "1000", "--seed", "23", "--symbols", .. Symbols, "--heartbeat", "00:00:00.200", "--stats-interval", "00:00:01"], net.Feed));

            // A small per-client send high-water mark, so that the cut overflows the client's queue in the gateway.
            var gateway = Start(children, ChildProcess.StartDotnet("gateway", cli,
                ["gateway", "--sub", feedEndpoint, "--pub", $"tcp://*:{PublishPort}", "--req", $"tcp://*:{RequestPort}", "--plain", "--hwm", "500", "--stats-interval", "00:00:01"], net.Gateway));

            // The reference sits beside the gateway, on the feed directly: what the feed published last.
            var reference = Start(children, ChildProcess.StartDotnet("reference", clientProgram,
                ["direct", feedEndpoint, symbols, "30000"], net.Gateway));
            var client = Start(children, ChildProcess.StartDotnet("client", clientProgram,
                ["synced", publish, request, symbols, HeartbeatTimeoutMs.ToString(CultureInfo.InvariantCulture)], net.Client));
            Assert.True(client.WaitForLine(line => line == "ready", Deadline) >= 0, "the client never started");
            Assert.True(reference.WaitForLine(line => line == "ready", Deadline) >= 0, "the reference never started");

            Assert.True(Poll.Until(() => Counter(State(client), "ticks") >= 1_000, Deadline), $"the client receives nothing: {Describe(client)}");
            var before = State(client);

            // The cut: the client's end of its link goes down while ticks flow, for 5 s.
            var linesBeforeCut = client.Lines().Count;
            var cut = Stopwatch.StartNew();
            NetworkNamespaces.Must("-n", net.Client, "link", "set", net.ClientLink, "down");
            var staleAt = client.WaitForLine(line => line.StartsWith("stale ", StringComparison.Ordinal), Cut + Cut, linesBeforeCut);
            Assert.True(staleAt >= 0, $"the client never saw the stream go stale: {Describe(client)}");
            var staleAfter = cut.Elapsed;
            Poll.Until(() => cut.Elapsed >= Cut, Cut + Cut);
            var during = State(client);
            NetworkNamespaces.Must("-n", net.Client, "link", "set", net.ClientLink, "up");
            var restored = Stopwatch.StartNew();

            // Recovery: the stream comes back, and a snapshot is applied after it.
            Assert.True(client.WaitForLine(line => line.StartsWith("recovered ", StringComparison.Ordinal), Deadline, staleAt) >= 0,
                $"the stream never recovered: {Describe(client)}");
            var recoveredAfter = restored.Elapsed;
            Assert.True(Poll.Until(() => Counter(State(client), "snapshots") > Counter(during, "snapshots"), Deadline),
                $"no snapshot after the link came back: {Describe(client)}");
            var resyncedAfter = restored.Elapsed;
            var ticksAtResync = Counter(State(client), "ticks");
            Assert.True(Poll.Until(() => Counter(State(client), "ticks") >= ticksAtResync + 500, Deadline),
                $"ticks stopped after the link came back: {Describe(client)}");

            // The end: the feed stops cleanly (SIGTERM drains its ring), then the client must hold the feed's state.
            feed.Terminate();
            Assert.True(feed.WaitForExit(Deadline), "the feed did not stop");
            IReadOnlyList<string> differences = ["not compared"];
            List<string> expected = [];
            Assert.True(Poll.Until(() =>
            {
                expected = Entries(reference);
                differences = ClientState.Differences(expected, Entries(client));
                return differences.Count == 0;
            }, Deadline), "final state differs: " + string.Join("; ", differences));
            Assert.Equal(2 * Symbols.Length, expected.Count);

            var after = State(client);
            Assert.True(Counter(after, "stale") >= 1);
            Assert.True(Counter(after, "resyncs") + Counter(after, "recoveryResyncs") >= 1, "no resync");
            Assert.True(Counter(after, "snapshots") > Counter(during, "snapshots"), "no snapshot applied after the cut");
            var referenceCounters = State(reference);
            TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
                $"link cut: {net}; {Cut.TotalSeconds} s cut at 1000 ticks/s (4 symbols), gateway --hwm 500; stale seen {staleAfter.TotalMilliseconds:F0} ms into the cut, " +
                $"stream recovered {recoveredAfter.TotalMilliseconds:F0} ms and snapshot applied {resyncedAfter.TotalMilliseconds:F0} ms after the link came back; " +
                $"reference (direct on the feed) received {Counter(referenceCounters, "ticks")} ticks, gaps {Counter(referenceCounters, "gaps")}; " +
                $"client received {Counter(before, "ticks")} before the cut, {Counter(after, "ticks")} in all, gaps {Counter(after, "gaps")} ({Counter(after, "missing")} frames missing), " +
                $"stale {Counter(after, "stale")}, resyncs after gap {Counter(after, "resyncs")}, after recovery {Counter(after, "recoveryResyncs")}, " +
                $"snapshot requests {Counter(after, "requests")} (failed {Counter(after, "failed")}), snapshots applied {Counter(after, "snapshots")} ({Counter(during, "snapshots")} before the link came back); " +
                $"final state equal to the feed's for {expected.Count} (symbol, class); gateway log: {gateway.Lines().Count} lines"));
            client.Send("quit");
            reference.Send("quit");
        }
        catch
        {
            foreach (var child in children)
            {
                TestContext.Current.SendDiagnosticMessage(child.Log());
            }

            throw;
        }
        finally
        {
            // Children first: a namespace with a process inside would outlive its deletion.
            foreach (var child in children)
            {
                child.Dispose();
            }
        }
    }

    private static ChildProcess Start(List<ChildProcess> children, ChildProcess child)
    {
        children.Add(child);
        return child;
    }

    private static IReadOnlyList<string> State(ChildProcess child) =>
        child.Ask("state", "state-begin", "state-end", TimeSpan.FromSeconds(5)) ?? throw new InvalidOperationException($"{child.Name} did not answer:\n{child.Log()}");

    private static List<string> Entries(ChildProcess child)
    {
        var entries = new List<string>();
        foreach (var line in State(child))
        {
            if (line.StartsWith("entry ", StringComparison.Ordinal))
            {
                entries.Add(line["entry ".Length..]);
            }
        }

        return entries;
    }

    private static long Counter(IReadOnlyList<string> state, string name)
    {
        foreach (var line in state)
        {
            if (!line.StartsWith("counters ", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var pair in line["counters ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && pair.AsSpan(0, equals).SequenceEqual(name))
                {
                    return long.Parse(pair.AsSpan(equals + 1), CultureInfo.InvariantCulture);
                }
            }
        }

        throw new InvalidOperationException($"no counter '{name}' in: {string.Join(" | ", state)}");
    }

    private static string Describe(ChildProcess client) =>
        client.HasExited ? "exited" : string.Join(" | ", State(client).Where(line => line.StartsWith("counters", StringComparison.Ordinal)));
}
