using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using TickStream.Client;
using TickStream.FeedHandler;
using TickStream.Reliability.SyncedClient;
using TickStream.Sources;
using TickStream.Testing;

namespace TickStream.Reliability.Tests;

/// <summary>
/// The gateway killed with SIGKILL mid-stream and restarted on the same ports: clients reconnect by themselves,
/// see the gap, resynchronise by snapshot and end with the feed's state. The gateway is the real CLI, a child
/// process; the feed handler and the clients run in the test process. Loopback only.
/// </summary>
public sealed class GatewayFaultTests
{
    // Generous: the whole suite runs in parallel on two cores and child processes start slowly under that load.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);
    private static readonly string[] Symbols = ["AAPL", "MSFT", "SPY", "QQQ"];

    [Fact]
    public void KillGateway_RestartOnSamePorts_ClientsResyncBySnapshotAndEndWithTheFeedsState()
    {
        const double Rate = 2_000;
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarketOptions { Seed = 17, TicksPerSecond = Rate, BurstRateMultiplier = 1, Symbols = Symbols };
        using var feed = new FeedEngine(
            new FeedHandlerOptions { Publish = "tcp://127.0.0.1:*", HeartbeatInterval = TimeSpan.FromMilliseconds(100) },
            [new SyntheticMarket(market, registry)], registry);
        feed.StartPublisher();

        // The reference: what the feed published last per symbol, seen directly.
        var feedState = new ClientState();
        var referenceOptions = new TickSubscriberOptions { HeartbeatTimeout = TimeSpan.FromSeconds(30) };
        referenceOptions.Endpoints.Add(feed.Endpoint);
        foreach (var symbol in Symbols)
        {
            referenceOptions.Symbols.Add(symbol);
        }

        using var reference = new TickSubscriber(referenceOptions, (in TickView tick) => feedState.Apply(in tick));

        var publish = $"tcp://127.0.0.1:{Ports.FreeBelowEphemeralRange()}";
        var request = $"tcp://127.0.0.1:{Ports.FreeBelowEphemeralRange()}";
        var children = new List<ChildProcess>();
        var clients = new List<(SyncedSubscriber Synced, ClientState State)>();
        try
        {
            var first = StartGateway(feed.Endpoint, publish, request, children);
            for (var i = 0; i < 2; i++)
            {
                var state = new ClientState();
                var options = new TickSubscriberOptions { HeartbeatTimeout = TimeSpan.FromMilliseconds(500) };
                options.Endpoints.Add(publish);
                var synced = new SyncedSubscriber(options, request, (in TickView tick) => state.Apply(in tick),
                    snapshot => state.ApplySnapshot(snapshot), requestTimeout: TimeSpan.FromSeconds(1));
                clients.Add((synced, state));
                foreach (var symbol in Symbols)
                {
                    synced.Subscribe(symbol);
                }
            }

            feed.StartSources();
            Assert.True(Poll.Until(() => clients.TrueForAll(c => Ticks(c.Synced) >= 500), Deadline),
                $"clients before the kill: {Describe(clients)}");

            // SIGKILL mid-stream: no goodbye on any socket. The clients notice only by silence.
            var sentBeforeKill = feed.Counters.TicksIn;
            var ticksBeforeKill = clients.ConvertAll(c => Ticks(c.Synced));
            var killed = Stopwatch.StartNew();
            first.Kill();
            Assert.True(first.WaitForExit(TimeSpan.FromSeconds(5)), "the gateway did not die");
            Assert.True(Poll.Until(() => clients.TrueForAll(c => c.Synced.Subscriber.Counters.StaleEvents >= 1), Deadline),
                $"clients never saw the stream go stale: {Describe(clients)}");
            var snapshotsBeforeRestart = clients.ConvertAll(c => c.Synced.SnapshotsApplied);

            // A snapshot asked of the dead gateway: the request times out, its socket is replaced, and it is
            // retried until the restarted gateway answers.
            clients[0].Synced.Resync();
            Assert.True(Poll.Until(() => clients[0].Synced.FailedRequests >= 1, Deadline), $"a request to the dead gateway did not fail: {Describe(clients)}");

            StartGateway(feed.Endpoint, publish, request, children);
            var restartedAfter = killed.Elapsed;
            var ticksWhileDown = feed.Counters.TicksIn - sentBeforeKill;
            var restarted = Stopwatch.StartNew();
            var recovered = new TimeSpan?[clients.Count];
            Assert.True(Poll.Until(() =>
            {
                for (var i = 0; i < clients.Count; i++)
                {
                    if (recovered[i] is null && clients[i].Synced.SnapshotsApplied > snapshotsBeforeRestart[i] && clients[i].Synced.Gaps >= 1)
                    {
                        recovered[i] = restarted.Elapsed;
                    }
                }

                return Array.TrueForAll(recovered, r => r is not null);
            }, Deadline), $"clients did not resynchronise after the restart: {Describe(clients)}");
            Assert.True(Poll.Until(() => clients.TrueForAll(c => Ticks(c.Synced) >= 500 + ticksBeforeKill[clients.IndexOf(c)]), Deadline),
                $"ticks stopped after the restart: {Describe(clients)}");

            // The end: the feed stops and everything drains; each client must hold exactly the feed's last values.
            Assert.True(feed.Stop());
            var expected = feedState.Lines();
            Assert.Equal(2 * Symbols.Length, expected.Count);
            Assert.True(Poll.Until(() => clients.TrueForAll(c => ClientState.Differences(feedState.Lines(), c.State.Lines()).Count == 0), Deadline),
                "final state differs: " + string.Join("; ", clients.SelectMany(c => ClientState.Differences(feedState.Lines(), c.State.Lines()))));

            // The restarted gateway's cache holds the same: a snapshot of every symbol from it is the feed's state.
            using (var requests = new SnapshotClient(request))
            {
                var cached = new ClientState();
                foreach (var frame in requests.Request("SNAPSHOT " + string.Join(' ', Symbols), TimeSpan.FromSeconds(5)))
                {
                    cached.ApplySnapshot(frame);
                }

                Assert.Empty(ClientState.Differences(feedState.Lines(), cached.Lines()));
            }

            for (var i = 0; i < clients.Count; i++)
            {
                var (synced, _) = clients[i];
                var counters = synced.Subscriber.Counters;
                Assert.True(counters.Gaps >= 1 && synced.Gaps >= 1, $"client {i}: no gap reported");
                Assert.True(synced.ResyncRequests + synced.RecoveryResyncs >= 1, $"client {i}: no resync");
                Assert.True(synced.SnapshotsApplied > snapshotsBeforeRestart[i], $"client {i}: no snapshot after the restart");
                Assert.Equal(0, counters.HandlerFaults);
            }

            var report = string.Create(CultureInfo.InvariantCulture,
                $"gateway kill: feed sent {feed.Counters.TicksIn} ticks at {Rate}/s ({ticksWhileDown} from the kill until the restarted gateway listened), " +
                $"gateway restarted {restartedAfter.TotalMilliseconds:F0} ms after the kill; ");
            for (var i = 0; i < clients.Count; i++)
            {
                var (synced, _) = clients[i];
                var c = synced.Subscriber.Counters;
                report += string.Create(CultureInfo.InvariantCulture,
                    $"client {i}: received {c.Trades + c.Quotes}, gaps {c.Gaps} ({c.MissingFrames} frames missing), stale {c.StaleEvents}, " +
                    $"resyncs after gap {synced.ResyncRequests}, after recovery {synced.RecoveryResyncs}, snapshot requests {synced.SnapshotRequests} " +
                    $"(failed {synced.FailedRequests}), snapshots applied {synced.SnapshotsApplied}, recovered {recovered[i]!.Value.TotalMilliseconds:F0} ms after the restart; ");
            }

            TestContext.Current.SendDiagnosticMessage(report + "final state equal to the feed's for " + expected.Count + " (symbol, class)");
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
            foreach (var (synced, _) in clients)
            {
                synced.Dispose();
            }

            foreach (var child in children)
            {
                child.Dispose();
            }
        }
    }

    /// <summary>
    /// Starts <c>tickstream gateway</c> and waits until both its ports accept connections. The port of a killed
    /// predecessor may still be held for a moment: a child that exits (bind failed) is started again until the deadline.
    /// </summary>
    private static ChildProcess StartGateway(string upstream, string publish, string request, List<ChildProcess> children) =>
        StartGateway(["gateway", "--sub", upstream, "--pub", publish, "--req", request, "--plain", "--stats-interval", "00:00:01"],
            publish, request, children, Deadline);

    /// <summary>
    /// Starts <c>tickstream</c> with <paramref name="arguments"/> (a gateway binding <paramref name="publish"/> and
    /// <paramref name="request"/>) and waits until both ports accept connections, starting it again while a
    /// predecessor's port is still held, until <paramref name="deadline"/>.
    /// </summary>
    internal static ChildProcess StartGateway(IReadOnlyList<string> arguments, string publish, string request,
        List<ChildProcess> children, TimeSpan deadline)
    {
        var cli = ChildProcess.AssemblyPath("tickstream", "clients/TickStream.Cli");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var child = ChildProcess.StartDotnet("gateway", cli, [.. arguments]);
            children.Add(child);
            if (Poll.Until(() => child.HasExited || (Accepts(publish) && Accepts(request)), deadline) && !child.HasExited)
            {
                return child;
            }

            if (clock.Elapsed > deadline)
            {
                throw new InvalidOperationException("the gateway did not start:\n" + child.Log());
            }

            Thread.Sleep(100);
        }
    }

    private static bool Accepts(string endpoint)
    {
        var port = int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static long Ticks(SyncedSubscriber synced)
    {
        var c = synced.Subscriber.Counters;
        return c.Trades + c.Quotes;
    }

    private static string Describe(List<(SyncedSubscriber Synced, ClientState State)> clients) => string.Join("; ", clients.Select((c, i) =>
    {
        var counters = c.Synced.Subscriber.Counters;
        return string.Create(CultureInfo.InvariantCulture,
            $"client {i}: ticks {counters.Trades + counters.Quotes}, gaps {counters.Gaps}, stale {counters.StaleEvents}, snapshots {c.Synced.SnapshotsApplied}, " +
            $"requests {c.Synced.SnapshotRequests}, failed {c.Synced.FailedRequests}, synced gaps {c.Synced.Gaps}");
    }));
}
