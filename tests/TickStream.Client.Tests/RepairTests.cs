using TickStream.Testing;

namespace TickStream.Client.Tests;

/// <summary>
/// Gap repair by retransmission (docs/RECOVERY.md section 4) against <see cref="FakeRequestServer"/>: the test
/// publishes frames, keeps every one in the fake server, and skips some on the live socket.
/// </summary>
public sealed class RepairTests
{
    private const ushort Stream = 1;

    private static TickSubscriber Start(TestPublisher publisher, FakeRequestServer server, RepairedTicks received, Action<TickSubscriberOptions>? configure = null)
    {
        var options = new TickSubscriberOptions
        {
            Endpoints = { publisher.Endpoint },
            Symbols = { "AAPL", "MSFT", "IBM", "PROBE" },
            RequestEndpoint = server.Endpoint,
            RepairTimeout = Poll.DefaultDeadline,
        };
        configure?.Invoke(options);
        var subscriber = new TickSubscriber(options, (in TickView tick) => received.Add(tick));
        publisher.ProbeUntil(() => received.Probes > 0);
        return subscriber;
    }

    /// <summary>Quotes of one symbol with streamSeq = symbolSeq, kept by the server.</summary>
    private static List<byte[]> Quotes(FakeRequestServer server, string symbol, int count, ulong session = 1)
    {
        var messages = new List<byte[]>();
        for (ulong i = 1; i <= (ulong)count; i++)
        {
            var message = TestFrames.Quote(symbol, Stream, i, i, bid: (long)i * 1_000);
            server.Add(message, session);
            messages.Add(message);
        }

        return messages;
    }

    [Fact]
    public void Gap_IsRepairedByteIdenticallyAndInOrder()
    {
        using var server = new FakeRequestServer { MaxReplyFrames = 2 };
        using var publisher = new TestPublisher();
        var received = new RepairedTicks(Stream);
        using var subscriber = Start(publisher, server, received);
        var quotes = Quotes(server, "AAPL", 20);

        foreach (var (message, i) in quotes.Select((m, i) => (m, i + 1)))
        {
            if (i is < 5 or > 9)
            {
                publisher.Send(message);
            }
        }

        Poll.Require(() => received.Count >= 20, what: "20 quotes");
        Assert.Equal(quotes, received.Messages);
        var counters = subscriber.Counters;
        Assert.Equal((1, 5, 0, 0, 0), (counters.GapsRepaired, counters.FramesRepaired, counters.Gaps, counters.GapsLost, counters.MissingFrames));
        Assert.Equal(["RETRANSMIT 1 * 5 9 Q.AAPL|"], server.Requests);
    }

    [Fact]
    public void HeldFrames_AreDeliveredOnlyAfterTheRepairAndInSequenceOrder()
    {
        using var server = new FakeRequestServer();
        using var publisher = new TestPublisher();
        var received = new RepairedTicks(Stream);
        using var subscriber = Start(publisher, server, received);
        var quotes = Quotes(server, "AAPL", 10);
        server.Paused = true;

        var before = subscriber.Counters.FramesReceived;
        foreach (var message in quotes.Where((_, i) => i is not (4 or 5)))
        {
            publisher.Send(message);
        }

        Poll.Require(() => server.Requests.Count == 1, what: "the repair request");
        Poll.Require(() => subscriber.Counters.FramesReceived >= before + 8, what: "the frames after the gap");

        // 1..4 went through; 7..10 wait for 5 and 6.
        Assert.Equal(["AAPL:1", "AAPL:2", "AAPL:3", "AAPL:4"], received.Keys());
        server.Paused = false;
        Poll.Require(() => received.Count >= 10, what: "the repaired and held quotes");
        Assert.Equal(quotes, received.Messages);
        Assert.Equal(1, subscriber.Counters.GapsRepaired);
    }

    [Fact]
    public void Gap_TheServerDoesNotHold_IsCountedLostAndTheRestDeliveredInOrder()
    {
        using var server = new FakeRequestServer();
        using var publisher = new TestPublisher();
        var received = new RepairedTicks(Stream);
        var gaps = new System.Collections.Concurrent.ConcurrentQueue<GapDetectedEventArgs>();
        using var subscriber = Start(publisher, server, received);
        subscriber.GapDetected += (_, gap) => gaps.Enqueue(gap);
        var quotes = new List<byte[]>();
        for (ulong i = 1; i <= 10; i++)
        {
            var message = TestFrames.Quote("AAPL", Stream, i, i);
            quotes.Add(message);
            if (i is not (5 or 6))
            {
                server.Add(message); // the window lost 5 and 6 too
                publisher.Send(message);
            }
        }

        Poll.Require(() => received.Count >= 8, what: "the 8 quotes that exist");
        Assert.Equal(quotes.Where((_, i) => i is not (4 or 5)), received.Messages);
        var counters = subscriber.Counters;
        Assert.Equal((0, 0, 1, 1, 2, 1), (counters.GapsRepaired, counters.FramesRepaired, counters.Gaps, counters.GapsLost, counters.MissingFrames, counters.RepairFailures));
        Assert.Equal((5UL, 6UL), (gaps.Single().FirstMissing, gaps.Single().LastMissing));
    }

    [Fact]
    public void GapsFoundWhileARequestIsOutstanding_GoTogetherInTheNextRequest()
    {
        using var server = new FakeRequestServer();
        using var publisher = new TestPublisher();
        var received = new RepairedTicks(Stream);
        using var subscriber = Start(publisher, server, received);

        // Three symbols interleaved: streamSeq 3k+1, 3k+2, 3k+3 for AAPL, MSFT, IBM's k-th quote.
        string[] symbols = ["AAPL", "MSFT", "IBM"];
        var all = new List<byte[]>();
        for (ulong k = 0; k < 10; k++)
        {
            for (var s = 0; s < 3; s++)
            {
                var message = TestFrames.Quote(symbols[s], Stream, (3 * k) + (ulong)s + 1, k + 1);
                server.Add(message);
                all.Add(message);
            }
        }

        bool Skipped(int index) => index is 6 or 10 or 14; // AAPL:3, MSFT:4, IBM:5
        server.Paused = true;
        for (var i = 0; i <= 9; i++)
        {
            if (!Skipped(i))
            {
                publisher.Send(all[i]);
            }
        }

        Poll.Require(() => server.Requests.Count == 1, what: "the first request (AAPL)");
        var before = subscriber.Counters.FramesReceived;
        for (var i = 10; i < all.Count; i++)
        {
            if (!Skipped(i))
            {
                publisher.Send(all[i]);
            }
        }

        Poll.Require(() => subscriber.Counters.FramesReceived >= before + 18, what: "the rest, held");
        server.Paused = false;
        Poll.Require(() => received.Count >= all.Count, what: "every quote");

        // Each key complete, byte-identical and in order. MSFT:3 and IBM:3 (streamSeq 8, 9) went out live before
        // AAPL:4 revealed AAPL's gap, so AAPL:3 (7) follows them; from the repair on, delivery is in streamSeq order.
        var delivered = received.Messages;
        foreach (var symbol in symbols)
        {
            Assert.Equal(all.Where(m => OfSymbol(m, symbol)), delivered.Where(m => OfSymbol(m, symbol)));
        }

        Assert.Equal(all.Count, delivered.Count);
        var repaired = delivered.Skip(8).Select(StreamSeq).ToList();
        Assert.Equal(repaired.Order(), repaired);
        Assert.Equal(["RETRANSMIT 1 * 5 9 Q.AAPL|", "RETRANSMIT 1 * 9 17 Q.IBM| Q.MSFT|"], server.Requests);
        Assert.Equal((3, 3, 2, 0), (subscriber.Counters.GapsRepaired, subscriber.Counters.FramesRepaired, subscriber.Counters.RepairRequests, subscriber.Counters.Gaps));
    }

    [Fact]
    public void NewSession_FirstFrameAboveOne_IsRepairedFromStreamSeqOneOfTheNewSession()
    {
        using var server = new FakeRequestServer();
        using var publisher = new TestPublisher();
        var received = new RepairedTicks(Stream);
        using var subscriber = Start(publisher, server, received);
        publisher.Send(TestFrames.StreamStart(Stream, 41));
        var old = Quotes(server, "AAPL", 3, session: 41);
        old.ForEach(publisher.Send);
        Poll.Require(() => received.Count >= 3, what: "the first session's quotes");

        publisher.Send(TestFrames.StreamStart(Stream, 42));
        var fresh = Quotes(server, "AAPL", 5, session: 42);
        foreach (var message in fresh.Skip(2))
        {
            publisher.Send(message);
        }

        Poll.Require(() => received.Count >= 8, what: "the new session's quotes");
        Assert.Equal([.. old, .. fresh], received.Messages);
        Assert.Equal(["RETRANSMIT 1 42 1 2 Q.AAPL|"], server.Requests);
        Assert.Equal((1, 1, 0), (subscriber.Counters.Restarts, subscriber.Counters.GapsRepaired, subscriber.Counters.Gaps));
    }

    [Fact]
    public void HoldLimit_Reached_GivesTheRepairUpAndDeliversInOrder()
    {
        using var server = new FakeRequestServer { Paused = true };
        using var publisher = new TestPublisher();
        var received = new RepairedTicks(Stream);
        using var subscriber = Start(publisher, server, received, o => o.RepairHoldLimit = 3);
        var quotes = Quotes(server, "AAPL", 10);
        foreach (var message in quotes.Where((_, i) => i != 2))
        {
            publisher.Send(message);
        }

        // 4, 5, 6 held; 7 goes past the bound: the repair is given up, the held frames go, then 7 onwards live.
        Poll.Require(() => received.Count >= 9, what: "the 9 quotes sent");
        Assert.Equal(quotes.Where((_, i) => i != 2), received.Messages);
        Assert.Equal((0, 1, 1), (subscriber.Counters.GapsRepaired, subscriber.Counters.GapsLost, subscriber.Counters.Gaps));
    }

    [Fact]
    public void SnapshotClient_ReadsAReplySplitIntoSeveralMessages()
    {
        using var server = new FakeRequestServer { MaxReplyFrames = 2 };
        var quotes = Quotes(server, "AAPL", 11);
        using var client = new SnapshotClient(server.Endpoint);

        Assert.Equal(quotes, client.Request("RETRANSMIT 1 1 1 11", Poll.DefaultDeadline));
        var cancelled = client.Transfer("RETRANSMIT 1 1 1 11", Poll.DefaultDeadline, _ => false);
        Assert.StartsWith("END", cancelled, StringComparison.Ordinal);
        Assert.Equal(quotes.Skip(2).Take(3), client.Request("RETRANSMIT 1 * 3 5 Q.AAPL|", Poll.DefaultDeadline));
        Assert.StartsWith("ERROR unavailable", Assert.Throws<GatewayRequestException>(() => client.Request("RETRANSMIT 1 1 50 60", Poll.DefaultDeadline)).Message, StringComparison.Ordinal);
    }

    private static bool OfSymbol(byte[] message, string symbol) =>
        message.AsSpan(2).StartsWith(System.Text.Encoding.ASCII.GetBytes(symbol + "|"));

    private static ulong StreamSeq(byte[] message) => BitConverter.ToUInt64(message, Array.IndexOf(message, (byte)'|') + 1 + 8);
}
