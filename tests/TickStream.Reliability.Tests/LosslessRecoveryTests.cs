using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TickStream.Client;
using TickStream.FeedHandler;
using TickStream.Journal;
using TickStream.Sources;
using TickStream.Testing;
using TickStream.Wire;

namespace TickStream.Reliability.Tests;

/// <summary>
/// Issue 15's end-to-end scenarios: a feed handler (in the test process, journaling), the real gateway (a child
/// process, so that it can be killed with SIGKILL) and a repairing subscriber. Every test ends by comparing what
/// the subscriber delivered with the feed's journal, key by key (topic: class and symbol), frame by frame: the
/// same symbolSeqs in the same order, so nothing missing, nothing twice, nothing out of order, whatever the
/// client's own counters say. Loopback only, ports picked free at run time, every wait a poll with a deadline.
/// </summary>
public sealed class LosslessRecoveryTests
{
    // Generous: child processes start slowly and repairs run slowly when other builds share the two cores.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private static readonly string[] Symbols = ["AAPL", "MSFT", "SPY", "QQQ"];
    private const double Rate = 20_000;
    private const long TailTicks = 60_000;

    /// <summary>
    /// A subscriber that stops reading for 5 s at 20 000 ticks/s behind a gateway whose per-client high-water mark
    /// is 1 000 messages (and its own receive HWM 1 000): the gateway drops for it, it sees the gaps when it reads
    /// again and repairs them from the gateway's retransmission window.
    /// </summary>
    [Fact]
    public void PausedSubscriber_FiveSecondsAtTwentyThousandTicks_RepairsFromTheGatewayAndMissesNothing()
    {
        using var temp = new TempDirectory();
        var journal = temp.PathOf("journal");
        using var feed = StartFeed($"tcp://127.0.0.1:{Ports.FreeBelowEphemeralRange()}", journal, seed: 31);
        var children = new List<ChildProcess>();
        var (publish, request) = (Endpoint(), Endpoint());
        Delivered? delivered = null;
        TickSubscriber? subscriber = null;
        try
        {
            StartGateway(feed.Endpoint, publish, request, null, hwm: 1_000, children);
            var baseline = WaitForGatewaySubscriptions(feed);
            var pauseRequested = 0;
            var pausedAt = 0L;
            var resumedAt = 0L;
            delivered = new Delivered(() =>
            {
                if (Interlocked.Exchange(ref pauseRequested, 0) == 1)
                {
                    // Stop reading: the receive thread is the only reader of the socket.
                    Volatile.Write(ref pausedAt, feed.Counters.TicksIn);
                    Thread.Sleep(TimeSpan.FromSeconds(5));
                    Volatile.Write(ref resumedAt, feed.Counters.TicksIn);
                }
            });
            subscriber = Subscribe(publish, request, receiveHwm: 1_000, delivered);
            WaitForClientSubscriptions(feed, baseline);

            feed.StartSources();
            Assert.True(Poll.Until(() => delivered.Total >= 20_000, Deadline), $"before the pause: {Describe(subscriber, delivered)}");
            Interlocked.Exchange(ref pauseRequested, 1);
            Assert.True(Poll.Until(() => Volatile.Read(ref resumedAt) > 0, Deadline), "the pause did not end");
            var pausedFor = Volatile.Read(ref resumedAt) - Volatile.Read(ref pausedAt);
            Assert.True(Poll.Until(() => feed.Counters.TicksIn >= Volatile.Read(ref resumedAt) + 40_000, Deadline), "the feed stopped after the pause");

            var (expected, published) = AssertRepairedEverything(feed, journal, subscriber, delivered);
            TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
                $"paused 5 s at {Rate}/s, gateway --hwm 1000, client receive HWM 1000: published {published} ticks ({pausedFor} during the pause), " +
                $"{Figures(subscriber, delivered, expected)}"));
        }
        catch
        {
            DumpChildren(children);
            throw;
        }
        finally
        {
            subscriber?.Dispose();
            DisposeAll(children);
        }
    }

    /// <summary>
    /// The same pause with the real program: <c>tickstream record --req</c> as a child process stopped with SIGSTOP
    /// for 5 s (its I/O thread too, so the kernel's buffers and the gateway's HWM of 1 000 fill and the gateway
    /// drops), then SIGCONT. Its journal must hold, key by key, exactly the feed's journal's frames.
    /// </summary>
    [Fact]
    public void RecordWithReq_StoppedFiveSecondsWithSigstop_WritesTheFeedsFramesWithoutHoles()
    {
        using var temp = new TempDirectory();
        var journal = temp.PathOf("journal");
        var recording = temp.PathOf("recording");
        // A finite feed: after its last tick it goes on sending heartbeats until stopped, so a tail the recorder lost
        // while it caught up (the gateway drops for it at --hwm 1000 while it writes a repair) is found and repaired.
        using var feed = StartFeed($"tcp://127.0.0.1:{Ports.FreeBelowEphemeralRange()}", journal, seed: 53, maxTicks: 170_000);
        var children = new List<ChildProcess>();
        var (publish, request) = (Endpoint(), Endpoint());
        try
        {
            StartGateway(feed.Endpoint, publish, request, null, hwm: 1_000, children);
            var baseline = WaitForGatewaySubscriptions(feed);
            var recorder = ChildProcess.StartDotnet("record", ChildProcess.AssemblyPath("tickstream", "clients/TickStream.Cli"),
                ["record", "--connect", publish, "--req", request, "--out", recording, .. Symbols]);
            children.Add(recorder);
            WaitForClientSubscriptions(feed, baseline);

            feed.StartSources();
            Assert.True(Poll.Until(() => feed.Counters.TicksIn >= 20_000, Deadline), "the feed did not start");
            Signal(recorder, "STOP");
            var stoppedAt = feed.Counters.TicksIn;
            Thread.Sleep(TimeSpan.FromSeconds(5));
            var resumedAt = feed.Counters.TicksIn;
            Signal(recorder, "CONT");
            Assert.True(Poll.Until(() => feed.SourcesCompleted.IsCompleted, Deadline), "the feed did not end");
            Assert.True(feed.Counters.TicksIn >= resumedAt + 20_000, $"the feed published only {feed.Counters.TicksIn - resumedAt} ticks after the pause");

            // The recorder hands what it has written to the OS within about 100 ms, so its journal shows how far it
            // is; the feed (and its heartbeats) and the recorder are stopped only once it has everything.
            var ticks = feed.Counters.TicksIn;
            Poll.Until(() => Expected.CountWhileWritten(recording) >= ticks, Deadline);
            var (expected, published) = StopAndReadJournal(feed, journal);
            var journaled = expected.Keys.Values.Sum(v => v.Count);
            recorder.Terminate();
            Assert.True(recorder.WaitForExit(Deadline), "the recorder did not exit on SIGTERM");
            Assert.Equal(0, recorder.ExitCode);
            var recorded = Expected.Read(recording);
            foreach (var (key, want) in expected.Keys)
            {
                var have = recorded.Keys.GetValueOrDefault(key) ?? [];
                Assert.True(want.SequenceEqual(have),
                    $"{key}: the feed's journal has {want.Count} frames, the recording {have.Count}; first difference at index {FirstDifference(want, have)}");
            }

            var summary = recorder.Lines().LastOrDefault(l => l.StartsWith("repair:", StringComparison.Ordinal)) ?? "";
            var match = System.Text.RegularExpressions.Regex.Match(summary, @"gaps repaired (\d+), gaps lost (\d+)");
            Assert.True(match.Success, $"no repair summary: {recorder.Log()}");
            Assert.True(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) > 0, $"no gap was repaired, so the pause lost nothing: {summary}");
            Assert.Equal("0", match.Groups[2].Value);
            TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
                $"record --req stopped 5 s (SIGSTOP) at {Rate}/s, gateway --hwm 1000: published {published} ticks ({resumedAt - stoppedAt} during the stop), " +
                $"feed journal {journaled} frames, recording {recorded.Keys.Values.Sum(v => v.Count)}, lost 0; {summary}"));
        }
        catch
        {
            DumpChildren(children);
            throw;
        }
        finally
        {
            foreach (var child in children)
            {
                Signal(child, "CONT");
            }

            DisposeAll(children);
        }
    }

    /// <summary>
    /// The gateway killed with SIGKILL at 20 000 ticks/s and restarted 2 s later with <c>--journal</c> on the feed's
    /// journal: what passed while it was down is in neither its window nor anybody's queue, only in the journal; the
    /// subscriber repairs it from there.
    /// </summary>
    [Fact]
    public void GatewayKilledAndRestartedWithJournal_SubscriberRepairsFromTheJournalAndMissesNothing()
    {
        using var temp = new TempDirectory();
        var journal = temp.PathOf("journal");
        using var feed = StartFeed($"tcp://127.0.0.1:{Ports.FreeBelowEphemeralRange()}", journal, seed: 37);
        var children = new List<ChildProcess>();
        var (publish, request) = (Endpoint(), Endpoint());
        var delivered = new Delivered(null);
        TickSubscriber? subscriber = null;
        try
        {
            var first = StartGateway(feed.Endpoint, publish, request, journal, hwm: null, children);
            var baseline = WaitForGatewaySubscriptions(feed);
            subscriber = Subscribe(publish, request, receiveHwm: null, delivered);
            WaitForClientSubscriptions(feed, baseline);

            feed.StartSources();
            Assert.True(Poll.Until(() => delivered.Total >= 20_000, Deadline), $"before the kill: {Describe(subscriber, delivered)}");
            first.Kill();
            Assert.True(first.WaitForExit(TimeSpan.FromSeconds(10)), "the gateway did not die");
            var killedAt = feed.Counters.TicksIn;
            Assert.True(Poll.Until(() => feed.Counters.TicksIn >= killedAt + 40_000, Deadline), "the feed stopped while the gateway was down");
            var deliveredBeforeRestart = delivered.Total;
            StartGateway(feed.Endpoint, publish, request, journal, hwm: null, children);
            var restartedAt = feed.Counters.TicksIn;
            Assert.True(Poll.Until(() => delivered.Total >= deliveredBeforeRestart + 60_000, Deadline), $"after the restart: {Describe(subscriber, delivered)}");

            var (expected, published) = AssertRepairedEverything(feed, journal, subscriber, delivered);
            TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
                $"gateway SIGKILL at {Rate}/s, restarted with --journal: published {published} ticks ({restartedAt - killedAt} from the kill until the restart), " +
                $"{Figures(subscriber, delivered, expected)}"));
        }
        catch
        {
            DumpChildren(children);
            throw;
        }
        finally
        {
            subscriber?.Dispose();
            DisposeAll(children);
        }
    }

    /// <summary>
    /// The feed handler stopped and a new one started on the same endpoint and journal at once (it does not wait for
    /// the gateway to reconnect, so the new session's first frames reach nobody live): the subscriber sees the new
    /// session and repairs it from streamSeq 1, from the gateway's journal fallback.
    /// </summary>
    [Fact]
    public void FeedRestartedWithJournal_SubscriberRepairsTheNewSessionFromOneAndMissesNothing()
    {
        using var temp = new TempDirectory();
        var journal = temp.PathOf("journal");
        var feedEndpoint = $"tcp://127.0.0.1:{Ports.FreeBelowEphemeralRange()}";
        var feed = StartFeed(feedEndpoint, journal, seed: 41);
        var children = new List<ChildProcess>();
        var (publish, request) = (Endpoint(), Endpoint());
        var delivered = new Delivered(null);
        TickSubscriber? subscriber = null;
        try
        {
            var gateway = StartGateway(feed.Endpoint, publish, request, journal, hwm: null, children);
            var baseline = WaitForGatewaySubscriptions(feed);
            subscriber = Subscribe(publish, request, receiveHwm: null, delivered);
            WaitForClientSubscriptions(feed, baseline);

            feed.StartSources();
            Assert.True(Poll.Until(() => delivered.Total >= 20_000, Deadline), $"before the restart: {Describe(subscriber, delivered)}");
            Assert.True(feed.Stop(), "the first feed did not drain");
            var firstSession = feed.Counters.TicksIn;
            feed.Dispose();

            // The new feed's first frames must reach nobody live, whatever the gateway's reconnect timing: the
            // gateway is stopped (SIGSTOP) while the new feed starts and publishes 5 000 ticks, which are then only
            // in the journal. Its connections stay open; once it runs again it reconnects upstream by itself.
            Signal(gateway, "STOP");
            try
            {
                feed = StartFeed(feedEndpoint, journal, seed: 43);
                feed.StartSources();
                Assert.True(Poll.Until(() => feed.Counters.TicksIn >= 5_000, Deadline), "the new feed did not start");
            }
            finally
            {
                Signal(gateway, "CONT");
            }

            var restartsBefore = subscriber.Counters.Restarts;
            Assert.True(Poll.Until(() => subscriber.Counters.Restarts > restartsBefore && delivered.Total >= firstSession + 40_000, Deadline),
                $"after the restart: {Describe(subscriber, delivered)}");

            var (expected, published) = AssertRepairedEverything(feed, journal, subscriber, delivered);
            Assert.Equal(2, expected.Sessions);
            var c = subscriber.Counters;
            TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
                $"feed restart at {Rate}/s, gateway --journal: published {firstSession + published} ticks in 2 sessions ({firstSession} in the first), " +
                $"restarts seen {c.Restarts}, {Figures(subscriber, delivered, expected)}"));
        }
        catch
        {
            DumpChildren(children);
            throw;
        }
        finally
        {
            subscriber?.Dispose();
            feed.Dispose();
            DisposeAll(children);
        }
    }

    /// <summary>
    /// A pyzmq client written from docs/RECOVERY.md alone (python/recovery_client.py: a SUB and a DEALER, RETRANSMIT,
    /// CREDIT, MORE/END/ERROR) stops reading for 4 s behind a gateway with a per-client HWM of 100 and a 64 KiB
    /// receive buffer of its own, then repairs the gap against the real gateway: every AAPL quote from symbolSeq 1.
    /// </summary>
    [Fact]
    public void PyzmqClientFromTheDocs_PausedBehindTheGateway_RepairsTheGapAndMissesNothing()
    {
        if (Pyzmq.MissingReason() is { } why)
        {
            Assert.Skip(why);
        }

        using var temp = new TempDirectory();
        var journal = temp.PathOf("journal");
        using var feed = StartFeed($"tcp://127.0.0.1:{Ports.FreeBelowEphemeralRange()}", journal, seed: 47, symbols: ["AAPL"]);
        var children = new List<ChildProcess>();
        var (publish, request) = (Endpoint(), Endpoint());
        try
        {
            StartGateway(feed.Endpoint, publish, request, null, hwm: 100, children);
            var baseline = WaitForGatewaySubscriptions(feed);
            var script = Path.Combine(AppContext.BaseDirectory, "python", "recovery_client.py");
            var python = ChildProcess.Start("pyzmq client", Pyzmq.Python,
                [script, "--sub", publish, "--req", request, "--topic", "Q.AAPL|", "--pause-after", "2000", "--pause", "4", "--idle", "3", "--deadline", "80"]);
            children.Add(python);
            Assert.True(python.WaitForLine(l => l.StartsWith("subscribed", StringComparison.Ordinal), Deadline) >= 0, "the pyzmq client did not start");
            Assert.True(Poll.Until(() => feed.Counters.DataSubscriptions >= baseline + 1, Deadline), "the pyzmq client's subscription did not reach the feed");

            feed.StartSources();
            Assert.True(python.WaitForLine(l => l.StartsWith("resumed", StringComparison.Ordinal), Deadline) >= 0, "the pyzmq client did not pause and resume");
            var resumedAt = feed.Counters.TicksIn;
            Assert.True(Poll.Until(() => feed.Counters.TicksIn >= resumedAt + 20_000, Deadline), "the feed stopped after the pause");
            var (expected, published) = StopAndReadJournal(feed, journal);

            var index = python.WaitForLine(l => l.StartsWith('{'), Deadline);
            Assert.True(index >= 0, "the pyzmq client wrote no summary");
            Assert.True(python.WaitForExit(TimeSpan.FromSeconds(30)), "the pyzmq client did not exit");
            Assert.Equal(0, python.ExitCode);
            var summary = JsonDocument.Parse(python.Lines()[index]).RootElement;
            var seqs = summary.GetProperty("symbolSeqs").EnumerateArray().Select(e => e.GetUInt64()).ToList();
            var want = expected.Keys["Q.AAPL|"];
            Assert.True(want.SequenceEqual(seqs),
                $"the pyzmq client delivered {seqs.Count} AAPL quotes, the journal has {want.Count}; first difference at {FirstDifference(want, seqs)}");
            var gaps = summary.GetProperty("gaps").GetInt64();
            var repaired = summary.GetProperty("repaired").GetInt64();
            Assert.True(gaps > 0 && repaired > 0, $"no gap was repaired: {python.Lines()[index]}");
            Assert.Equal(0, summary.GetProperty("lost").GetInt64());
            TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
                $"pyzmq client from docs/RECOVERY.md, paused 4 s at {Rate}/s behind gateway --hwm 100: published {published} ticks, " +
                $"AAPL quotes in the journal {want.Count}, delivered {seqs.Count}, gaps {gaps}, frames repaired {repaired}, " +
                $"requests {summary.GetProperty("requests").GetInt64()}, reply messages {summary.GetProperty("messages").GetInt64()}, lost 0"));
        }
        catch
        {
            DumpChildren(children);
            throw;
        }
        finally
        {
            foreach (var child in children)
            {
                child.Terminate();
            }

            DisposeAll(children);
        }
    }

    /// <summary>
    /// A lost tail: the gateway of a subscriber of AAPL alone is killed with SIGKILL while the feed publishes its last
    /// ticks, and restarted with <c>--journal</c> after the feed has ended (the feed goes on sending heartbeats). What
    /// the feed published meanwhile reached nobody, and no later AAPL frame will reveal it: only the heartbeats show
    /// the stream past the subscriber's last tick. After a quiet second the tail check asks the restarted gateway for
    /// AAPL's frames after its last, with AAPL's prefixes, and the gateway serves them from the journal.
    /// </summary>
    [Fact]
    public void FilteredSubscriber_GatewayDownAsTheFeedEnds_RepairsTheLostTailAfterAHeartbeat()
    {
        using var temp = new TempDirectory();
        var journal = temp.PathOf("journal");
        using var feed = StartFeed($"tcp://127.0.0.1:{Ports.FreeBelowEphemeralRange()}", journal, seed: 43, maxTicks: TailTicks);
        var children = new List<ChildProcess>();
        var (publish, request) = (Endpoint(), Endpoint());
        var delivered = new Delivered(null);
        TickSubscriber? subscriber = null;
        try
        {
            var first = StartGateway(feed.Endpoint, publish, request, journal, hwm: null, children);
            var baseline = WaitForGatewaySubscriptions(feed);
            var options = new TickSubscriberOptions
            {
                HeartbeatTimeout = TimeSpan.FromSeconds(30),
                RequestEndpoint = request,   // TailRepairQuiet: the default, 1 s
                Endpoints = { publish },
                Symbols = { "AAPL" },
            };
            subscriber = new TickSubscriber(options, delivered.Handler);
            Assert.True(Poll.Until(() => feed.Counters.DataSubscriptions >= baseline + 4, Deadline), "the client's subscriptions did not reach the feed");

            feed.StartSources();
            Assert.True(Poll.Until(() => delivered.Total >= 2_000, Deadline), $"before the kill: {Describe(subscriber, delivered)}");
            first.Kill();
            Assert.True(first.WaitForExit(TimeSpan.FromSeconds(10)), "the gateway did not die");
            var killedAt = feed.Counters.TicksIn;
            Assert.True(Poll.Until(() => feed.SourcesCompleted.IsCompleted, Deadline), "the feed did not end");
            var deliveredBeforeRestart = delivered.Total;
            StartGateway(feed.Endpoint, publish, request, journal, hwm: null, children);

            Assert.True(Poll.Until(() => subscriber.Counters.TailsRepaired > 0, Deadline),
                $"no tail was repaired: {Describe(subscriber, delivered)}, tail checks {subscriber.Counters.TailChecks}");
            var (expected, published) = StopAndReadJournal(feed, journal);
            foreach (var key in expected.Keys.Keys.Where(k => !k.EndsWith(".AAPL|", StringComparison.Ordinal)).ToList())
            {
                expected.Keys.Remove(key);
            }

            AssertEverythingDelivered(expected, delivered, subscriber);
            var c = subscriber.Counters;
            Assert.Equal((0, 0), (c.GapsLost, c.Gaps));
            TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
                $"AAPL only, gateway SIGKILL at tick {killedAt} of {published} at {Rate}/s, restarted with --journal after the feed ended: " +
                $"{published - killedAt} ticks reached nobody live, {delivered.Total - deliveredBeforeRestart} AAPL frames delivered after the restart; " +
                $"{Figures(subscriber, delivered, expected)}, tail checks {c.TailChecks}, tails repaired {c.TailsRepaired}"));
        }
        catch
        {
            DumpChildren(children);
            throw;
        }
        finally
        {
            subscriber?.Dispose();
            DisposeAll(children);
        }
    }

    private static void Signal(ChildProcess child, string signal)
    {
        if (child.HasExited)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", child.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit(5_000);
    }

    private static string Endpoint() => $"tcp://127.0.0.1:{Ports.FreeBelowEphemeralRange()}";

    private static FeedEngine StartFeed(string publish, string journal, ulong seed, string[]? symbols = null, long maxTicks = 0)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var registry = new InstrumentRegistry();
            var market = new SyntheticMarketOptions
            {
                Seed = seed, TicksPerSecond = Rate, BurstRateMultiplier = 1, Symbols = symbols ?? Symbols, MaxTicks = maxTicks,
            };
            var feed = new FeedEngine(
                new FeedHandlerOptions { Publish = publish, HeartbeatInterval = TimeSpan.FromMilliseconds(100), JournalDirectory = journal },
                [new SyntheticMarket(market, registry)], registry);
            try
            {
                feed.StartPublisher();
                return feed;
            }
            catch (NetMQ.NetMQException) when (clock.Elapsed < Deadline)
            {
                // The previous feed's port may be held for a moment after it closed: a new engine tries again.
                feed.Dispose();
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>The gateway's own subscriptions (I., S|) have reached the feed: the count clients add to.</summary>
    private static long WaitForGatewaySubscriptions(FeedEngine feed)
    {
        Assert.True(Poll.Until(() => feed.Counters.DataSubscriptions >= 1, Deadline), "the gateway's subscriptions did not reach the feed");
        Thread.Sleep(200);
        return feed.Counters.DataSubscriptions;
    }

    /// <summary>The client's T, Q, B and I subscriptions of every symbol have reached the feed, so it gets every frame from symbolSeq 1.</summary>
    private static void WaitForClientSubscriptions(FeedEngine feed, long baseline) =>
        Assert.True(Poll.Until(() => feed.Counters.DataSubscriptions >= baseline + (4 * Symbols.Length), Deadline),
            $"the client's subscriptions did not reach the feed: {feed.Counters.DataSubscriptions} data subscriptions, {baseline} before");

    private static TickSubscriber Subscribe(string publish, string request, int? receiveHwm, Delivered delivered)
    {
        var options = new TickSubscriberOptions
        {
            HeartbeatTimeout = TimeSpan.FromSeconds(30),
            RequestEndpoint = request,   // RepairTimeout, RepairHoldLimit: the defaults
        };
        if (receiveHwm is { } hwm)
        {
            options.ReceiveHighWatermark = hwm;
        }

        options.Endpoints.Add(publish);
        foreach (var symbol in Symbols)
        {
            options.Symbols.Add(symbol);
        }

        return new TickSubscriber(options, delivered.Handler);
    }

    private static (Expected Expected, long Published) StopAndReadJournal(FeedEngine feed, string journal)
    {
        Assert.True(feed.Stop(), "the feed did not drain");
        var published = feed.Counters.TicksIn;
        return (Expected.Read(journal), published);
    }

    /// <summary>
    /// Stops the feed and checks the subscriber against its journal: every frame delivered, at least one gap repaired
    /// (else the scenario lost nothing and repair was not exercised) and none lost. Returns the journal and the ticks
    /// published, for the scenario's diagnostic line.
    /// </summary>
    private static (Expected Expected, long Published) AssertRepairedEverything(FeedEngine feed, string journal, TickSubscriber subscriber, Delivered delivered)
    {
        var (expected, published) = StopAndReadJournal(feed, journal);
        AssertEverythingDelivered(expected, delivered, subscriber);
        var c = subscriber.Counters;
        Assert.True(c.GapsRepaired > 0, $"no gap was repaired, so the scenario lost nothing and repair was not exercised: {Describe(subscriber, delivered)}");
        Assert.Equal(0, c.GapsLost);
        return (expected, published);
    }

    /// <summary>Waits until the subscriber has delivered as many frames of each key as the journal holds, then compares them exactly.</summary>
    private static void AssertEverythingDelivered(Expected expected, Delivered delivered, TickSubscriber subscriber)
    {
        Poll.Until(() => expected.Keys.All(k => delivered.Count(k.Key) >= k.Value.Count), Deadline);
        var got = delivered.Snapshot();
        foreach (var (key, want) in expected.Keys)
        {
            var have = got.GetValueOrDefault(key) ?? [];
            Assert.True(want.SequenceEqual(have),
                $"{key}: the journal has {want.Count} frames, the subscriber delivered {have.Count}; first difference at index {FirstDifference(want, have)}; {Describe(subscriber, delivered)}");
        }

        Assert.Equal(expected.Keys.Keys.Order(StringComparer.Ordinal), got.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, subscriber.Counters.HandlerFaults);
    }

    private static int FirstDifference(List<ulong> want, List<ulong> have)
    {
        var i = 0;
        while (i < want.Count && i < have.Count && want[i] == have[i])
        {
            i++;
        }

        return i;
    }

    private static string Figures(TickSubscriber subscriber, Delivered delivered, Expected expected)
    {
        var c = subscriber.Counters;
        var journaled = expected.Keys.Values.Sum(v => v.Count);
        return string.Create(CultureInfo.InvariantCulture,
            $"journal {journaled} frames of the subscribed keys, delivered {delivered.Total}, lost {journaled - delivered.Total}; client: gaps repaired {c.GapsRepaired} " +
            $"({c.FramesRepaired} frames), gaps lost {c.GapsLost}, repair requests {c.RepairRequests} (failed {c.RepairFailures}), duplicates dropped {c.Duplicates}");
    }

    private static string Describe(TickSubscriber subscriber, Delivered delivered)
    {
        var c = subscriber.Counters;
        return string.Create(CultureInfo.InvariantCulture,
            $"delivered {delivered.Total}, received {c.FramesReceived}, gaps {c.Gaps}, repaired {c.GapsRepaired} ({c.FramesRepaired} frames), lost {c.GapsLost}, " +
            $"requests {c.RepairRequests} (failed {c.RepairFailures}), duplicates {c.Duplicates}, restarts {c.Restarts}");
    }

    /// <summary>
    /// Starts <c>tickstream gateway</c> and waits until both its ports accept connections; a child whose bind failed
    /// (the killed predecessor's port still held) is started again until the deadline.
    /// </summary>
    private static ChildProcess StartGateway(string upstream, string publish, string request, string? journal, int? hwm, List<ChildProcess> children)
    {
        List<string> arguments = ["gateway", "--sub", upstream, "--pub", publish, "--req", request, "--plain", "--stats-interval", "00:00:05"];
        if (journal is not null)
        {
            arguments.AddRange(["--journal", journal]);
        }

        if (hwm is { } value)
        {
            arguments.AddRange(["--hwm", value.ToString(CultureInfo.InvariantCulture)]);
        }

        return GatewayFaultTests.StartGateway(arguments, publish, request, children, Deadline);
    }

    private static void DumpChildren(List<ChildProcess> children)
    {
        foreach (var child in children)
        {
            TestContext.Current.SendDiagnosticMessage(child.Log());
        }
    }

    private static void DisposeAll(List<ChildProcess> children)
    {
        foreach (var child in children)
        {
            child.Dispose();
        }
    }

    /// <summary>What the subscriber's handler was given: per topic, the symbolSeqs in delivery order.</summary>
    private sealed class Delivered(Action? onTick)
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, List<ulong>> _keys = [];
        private long _total;

        public long Total => Interlocked.Read(ref _total);

        public void Handler(in TickView tick)
        {
            if (tick.Kind is Client.TickKind.Trade or Client.TickKind.Quote or Client.TickKind.BookUpdate)
            {
                var topic = Encoding.ASCII.GetString(tick.Topic);
                lock (_lock)
                {
                    if (!_keys.TryGetValue(topic, out var seqs))
                    {
                        _keys[topic] = seqs = [];
                    }

                    seqs.Add(tick.SymbolSeq);
                }

                Interlocked.Increment(ref _total);
            }

            onTick?.Invoke();
        }

        public int Count(string topic)
        {
            lock (_lock)
            {
                return _keys.TryGetValue(topic, out var seqs) ? seqs.Count : 0;
            }
        }

        public Dictionary<string, List<ulong>> Snapshot()
        {
            lock (_lock)
            {
                return _keys.ToDictionary(k => k.Key, k => k.Value.ToList());
            }
        }
    }

    /// <summary>The feed's journal: per topic of a Trade, Quote or BookUpdate, the symbolSeqs in the order published.</summary>
    private sealed class Expected
    {
        public Dictionary<string, List<ulong>> Keys { get; } = [];

        /// <summary>The distinct sessions of the StreamStarts journaled (a StreamStart announced again is journaled again).</summary>
        public int Sessions => _sessions.Count;

        private readonly HashSet<ulong> _sessions = [];

        /// <summary>The frames a journal being written holds so far; 0 while it cannot be read yet.</summary>
        public static long CountWhileWritten(string directory)
        {
            try
            {
                return Read(directory).Keys.Values.Sum(v => v.Count);
            }
            catch (Exception e) when (e is JournalException or IOException or UnauthorizedAccessException)
            {
                return 0;
            }
        }

        public static Expected Read(string directory)
        {
            var expected = new Expected();
            using var reader = JournalReader.Open(directory);
            while (reader.TryRead(out var record))
            {
                var message = record.Message;
                if (message.IsEmpty || !Topic.TrySplit(message, out var topic, out var frame))
                {
                    continue;
                }

                if (message[0] == (byte)'S')
                {
                    expected._sessions.Add(BinaryPrimitives.ReadUInt64LittleEndian(frame[FrameValidator.HeaderLength..]));
                    continue;
                }

                if (message[0] is not ((byte)'T' or (byte)'Q' or (byte)'B'))
                {
                    continue;
                }

                var key = Encoding.ASCII.GetString(topic);
                if (!expected.Keys.TryGetValue(key, out var seqs))
                {
                    expected.Keys[key] = seqs = [];
                }

                seqs.Add(BinaryPrimitives.ReadUInt64LittleEndian(frame[(FrameValidator.HeaderLength + 8)..]));
            }

            return expected;
        }
    }
}
