using TickStream.Testing;

namespace TickStream.Client.Tests;

/// <summary>
/// A lost tail (docs/RECOVERY.md section 4, "Tail checks"): the last frames of a subscriber's key, which no later
/// frame of the key reveals, are asked for once a Heartbeat shows the stream past them and the keys were quiet; and
/// what a subscriber stopped mid-repair still holds is delivered and counted, not dropped.
/// </summary>
public sealed class TailRepairTests
{
    private static TickSubscriber Start(TestPublisher publisher, FakeRequestServer server, TickHandler handler, Func<bool> probed,
        TimeSpan? quiet = null)
    {
        var options = new TickSubscriberOptions
        {
            Endpoints = { publisher.Endpoint },
            Symbols = { "AAPL", "PROBE" },
            RequestEndpoint = server.Endpoint,
            RepairTimeout = Poll.DefaultDeadline,
            TailRepairQuiet = quiet ?? TimeSpan.FromMilliseconds(200),
        };
        var subscriber = new TickSubscriber(options, handler);
        publisher.ProbeUntil(probed);
        return subscriber;
    }

    /// <summary>AAPL and MSFT quotes alternating on a stream (AAPL at odd streamSeq), all kept by the server.</summary>
    private static List<byte[]> Alternating(FakeRequestServer server, ushort stream, int pairs)
    {
        var messages = new List<byte[]>();
        for (ulong k = 1; k <= (ulong)pairs; k++)
        {
            foreach (var (symbol, streamSeq) in new[] { ("AAPL", (2 * k) - 1), ("MSFT", 2 * k) })
            {
                var message = TestFrames.Quote(symbol, stream, streamSeq, k, bid: (long)k * 1_000);
                server.Add(message);
                messages.Add(message);
            }
        }

        return messages;
    }

    private static bool IsAapl(byte[] message) => message.AsSpan().StartsWith("Q.AAPL|"u8);

    [Fact]
    public void FilteredSubscriber_WhoseLastFramesWereDropped_GetsThemAfterAHeartbeat()
    {
        const ushort Stream = 1;
        using var server = new FakeRequestServer();
        using var publisher = new TestPublisher();
        var received = new RepairedTicks(Stream);
        using var subscriber = Start(publisher, server, (in TickView tick) => received.Add(tick), () => received.Probes > 0);
        var all = Alternating(server, Stream, 10);
        var aapl = all.Where(IsAapl).ToList();

        // The subscriber takes AAPL only (the publisher filters MSFT out); AAPL 9 and 10 (streamSeq 17, 19) are lost,
        // and no later AAPL frame would ever show it: only the heartbeat says the stream went on to 20.
        foreach (var message in all.Where(m => m != aapl[8] && m != aapl[9]))
        {
            publisher.Send(message);
        }

        Poll.Require(() => received.Count >= 8, what: "AAPL 1..8");
        Assert.Empty(server.Requests);
        publisher.Send(TestFrames.Heartbeat(Stream, 20));

        Poll.Require(() => received.Count >= 10, what: "the lost tail, AAPL 9 and 10");
        Assert.Equal(["RETRANSMIT 1 * 16 20 Q.AAPL|"], server.Requests);
        Assert.Equal(aapl, received.Messages);
        var c = subscriber.Counters;
        Assert.Equal((1, 1, 1, 2, 0, 0, 0), (c.TailChecks, c.TailsRepaired, c.GapsRepaired, c.FramesRepaired, c.Gaps, c.GapsLost, c.MissingFrames));

        // The tracker took the repaired frames as the key's last: the next live one is in sequence, not a gap.
        var next = TestFrames.Quote("AAPL", Stream, 21, 11);
        publisher.Send(next);
        Poll.Require(() => received.Count >= 11, what: "AAPL 11");
        Assert.Equal(next, received.Messages[^1]);
        Assert.Equal((0, 0), (subscriber.Counters.Gaps, subscriber.Counters.Duplicates));
    }

    [Fact]
    public void Subscriber_WithNothingMissing_SendsNoRequest()
    {
        using var server = new FakeRequestServer();
        using var publisher = new TestPublisher();
        var first = new RepairedTicks(1);
        var second = new RepairedTicks(2);
        using var subscriber = Start(publisher, server, (in TickView tick) =>
        {
            first.Add(tick);
            second.Add(tick);
        }, () => first.Probes > 0);

        // Stream 1: every AAPL frame arrives and the heartbeat is at the last of them: nothing to ask for, however many
        // heartbeats come. Stream 2, after it (the control): AAPL's last frame is lost behind a later heartbeat.
        for (ulong i = 1; i <= 5; i++)
        {
            publisher.Send(TestFrames.Quote("AAPL", 1, i, i));
        }

        var tail = TestFrames.Quote("AAPL", 2, 3, 3);
        server.Add(tail);
        publisher.Send(TestFrames.Quote("AAPL", 2, 1, 1));
        publisher.Send(TestFrames.Quote("AAPL", 2, 2, 2));
        for (var beat = 0; beat < 3; beat++)
        {
            publisher.Send(TestFrames.Heartbeat(1, 5));
        }

        publisher.Send(TestFrames.Heartbeat(2, 3));
        Poll.Require(() => second.Count >= 3, what: "stream 2's lost tail");

        // Stream 1 went quiet first and its heartbeats came first: had it asked, its request would be here too.
        Assert.Equal(["RETRANSMIT 2 * 3 3 Q.AAPL|"], server.Requests);
        Assert.Equal(tail, second.Messages[^1]);
        Assert.Equal(5, first.Count);
        var c = subscriber.Counters;
        Assert.Equal((1, 1, 1, 0), (c.RepairRequests, c.TailChecks, c.TailsRepaired, c.Gaps));
    }

    [Fact]
    public void Dispose_WhileARepairIsOutstanding_DeliversTheHeldFramesInOrderAndCountsTheGap()
    {
        const ushort Stream = 1;
        using var server = new FakeRequestServer();
        using var publisher = new TestPublisher();
        var received = new RepairedTicks(Stream);
        var gaps = new System.Collections.Concurrent.ConcurrentQueue<GapDetectedEventArgs>();
        var subscriber = Start(publisher, server, (in TickView tick) => received.Add(tick), () => received.Probes > 0,
            Timeout.InfiniteTimeSpan);
        subscriber.GapDetected += (_, gap) => gaps.Enqueue(gap);
        server.Paused = true; // the repair never answers before the subscriber stops
        var quotes = new List<byte[]>();
        for (ulong i = 1; i <= 10; i++)
        {
            quotes.Add(TestFrames.Quote("AAPL", Stream, i, i));
        }

        var before = subscriber.Counters.FramesReceived;
        foreach (var message in quotes.Where((_, i) => i is not (3 or 4)))
        {
            publisher.Send(message);
        }

        Poll.Require(() => server.Requests.Count == 1 && subscriber.Counters.FramesReceived >= before + 8, what: "the request and the held frames");
        Assert.Equal(3, received.Count); // 6..10 are held for 4 and 5

        subscriber.Dispose();

        Assert.Equal(quotes.Where((_, i) => i is not (3 or 4)), received.Messages);
        var c = subscriber.Counters;
        Assert.Equal((1, 5, 1, 1, 2, 0), (c.GapsUnrepairedAtClose, c.FramesDeliveredAtClose, c.GapsLost, c.Gaps, c.MissingFrames, c.GapsRepaired));
        Assert.Equal((4UL, 5UL), (gaps.Single().FirstMissing, gaps.Single().LastMissing));
    }
}
