using System.Text;
using NetMQ;
using NetMQ.Sockets;
using TickStream.Journal;
using TickStream.Recovery;

namespace TickStream.Gateway.Tests;

/// <summary>RETRANSMIT and credit-based replies through real sockets (docs/RECOVERY.md).</summary>
public sealed class RetransmitTests
{
    [Fact]
    public void Retransmit_RangeSeenLive_ComesBackByteIdenticalAndFilteredByPrefix()
    {
        using var flowing = FlowingGateway.Start(o => o.Transfers.MaxReplyFrames = 50, 600, "IBM", "AAPL", "MSFT");
        var gateway = flowing.Gateway;
        var seen = flowing.Live.Sequenced();
        var from = TransferReader.StreamSeq(seen[100]);
        var to = TransferReader.StreamSeq(seen[499]);
        using var dealer = TransferReader.Dealer(gateway.RequestEndpoint);
        var (frames, status, messages) = TransferReader.Request(dealer, $"RETRANSMIT 1 * {from} {to}", Loopback.Deadline);
        Assert.Equal("END", status);
        Assert.True(messages >= 8, $"{messages} messages for 400 frames at 50 a message");
        Assert.Equal(seen[100..500], frames);

        (frames, status, _) = TransferReader.Request(dealer, $"RETRANSMIT 1 * {from} {to} Q.AAPL| T.MSFT|", Loopback.Deadline);
        Assert.Equal("END", status);
        var expected = seen[100..500].FindAll(m => m.AsSpan().StartsWith("Q.AAPL|"u8) || m.AsSpan().StartsWith("T.MSFT|"u8));
        Assert.True(expected.Count is > 0 and < 400);
        Assert.Equal(expected, frames);
        Assert.True(gateway.Counters.Transfers.FramesRetransmitted >= 400);
        Assert.Equal(2, gateway.Counters.Transfers.Requests(RequestKind.Retransmit));
    }

    [Fact]
    public void Retransmit_OlderThanTheWindow_IsUnavailableNamingWhatIsHeldOrComesFromTheJournal()
    {
        using var directory = new TempDirectory();
        var journal = directory.PathOf("journal");
        using var feed = Loopback.StartJournaledFeed(5_000, journal, "AAPL", "MSFT");
        var plain = Loopback.Options(feed.Endpoint);
        plain.Transfers.WindowFrames = 64;
        using var windowOnly = Loopback.StartGateway(plain);
        var withJournal = Loopback.Options(feed.Endpoint);
        withJournal.Transfers.WindowFrames = 64;
        withJournal.JournalDirectory = journal;
        using var gateway = Loopback.StartGateway(withJournal);
        using var live1 = new FrameCollector(windowOnly.PublishEndpoint);
        using var live2 = new FrameCollector(gateway.PublishEndpoint);
        Assert.True(Loopback.WaitUntil(() => windowOnly.Counters.Subscriptions >= 1 && gateway.Counters.Subscriptions >= 1));
        feed.StartSources();
        Assert.True(Loopback.WaitUntil(() => live1.Sequenced().Count >= 300 && live2.Sequenced().Count >= 300));
        feed.Stop();

        using var dealer = TransferReader.Dealer(windowOnly.RequestEndpoint);
        var (frames, status, _) = TransferReader.Request(dealer, "RETRANSMIT 1 * 1 10", Loopback.Deadline);
        Assert.Empty(frames);
        Assert.StartsWith("ERROR unavailable: stream 1 session ", status, StringComparison.Ordinal);
        Assert.Contains(" in memory and has no journal; asked 1..10", status, StringComparison.Ordinal);
        Assert.Equal(1, windowOnly.Counters.Transfers.Unavailable);

        // The journal holds every frame the feed published; the window the last 64 the gateway forwarded.
        var journaled = new List<byte[]>();
        using (var reader = JournalReader.Open(journal))
        {
            while (reader.TryRead(out var record))
            {
                if (record.Message[0] is (byte)'T' or (byte)'Q' or (byte)'B' && TransferReader.StreamSeq(record.Message.ToArray()) <= 250)
                {
                    journaled.Add(record.Message.ToArray());
                }
            }
        }

        using var second = TransferReader.Dealer(gateway.RequestEndpoint);
        (frames, status, _) = TransferReader.Request(second, "RETRANSMIT 1 * 1 250", Loopback.Deadline);
        Assert.Equal("END", status);
        Assert.Equal(250, journaled.Count);
        Assert.Equal(journaled, frames);
    }

    [Fact]
    public void Credit_ADealerThatNeverReads_GetsOnlyTheFirstMessageQueuedThenWhatItCredits()
    {
        using var flowing = FlowingGateway.Start(o =>
        {
            o.Transfers.MaxReplyFrames = 10;
            o.Transfers.MaxCredit = 3;
        }, 200, "AAPL");
        var gateway = flowing.Gateway;
        var transfers = gateway.Counters.Transfers;

        using var dealer = TransferReader.Dealer(gateway.RequestEndpoint);
        dealer.SendFrame("RETRANSMIT 1 * 1 1000000");
        Assert.True(Loopback.WaitUntil(() => transfers.MessagesSent == 1));

        // However long it waits, nothing more is queued without credit: the pump only sends what was granted.
        Assert.False(Loopback.WaitUntil(() => transfers.MessagesSent > 1, TimeSpan.FromMilliseconds(500)));
        Assert.Equal(1, transfers.Open);
        Assert.True(transfers.FramesSent <= 10);

        dealer.SendFrame("RETRANSMIT 1 * 1 2");
        dealer.SendFrame("CREDIT 100");
        Assert.True(Loopback.WaitUntil(() => transfers.MessagesSent == 4));
        Assert.True(transfers.FramesSent <= 40);
        Assert.Equal(1, transfers.Busy);
        dealer.SendFrame("CANCEL");

        var statuses = new List<string>();
        var reply = new NetMQMessage();
        for (var i = 0; i < 10 && !statuses.Contains("END CANCELLED"); i++)
        {
            Assert.True(dealer.TryReceiveMultipartMessage(Loopback.Deadline, ref reply));
            statuses.Add(reply.Last.ConvertToString());
        }

        Assert.Equal(["MORE", "ERROR busy: a transfer is open on this connection; CREDIT it, CANCEL it or wait for its END", "MORE", "MORE", "MORE", "END CANCELLED"], statuses);
        Assert.Equal(4, statuses.Count(s => s == "MORE"));
        Assert.Equal(1, transfers.Cancelled);
        Assert.Equal(0, transfers.Open);
    }

    [Fact]
    public void Transfer_WithoutCreditPastTheIdleTimeout_IsExpiredAndALaterCreditIsIgnored()
    {
        using var flowing = FlowingGateway.Start(o =>
        {
            o.Transfers.MaxReplyFrames = 10;
            o.Transfers.IdleTimeout = TimeSpan.FromMilliseconds(200);
        }, 100, "AAPL");
        var transfers = flowing.Gateway.Counters.Transfers;

        using var dealer = TransferReader.Dealer(flowing.Gateway.RequestEndpoint);
        dealer.SendFrame("RETRANSMIT 1 * 1 1000000");
        Assert.True(Loopback.WaitUntil(() => transfers.Expired == 1));
        Assert.Equal(0, transfers.Open);
        dealer.SendFrame("CREDIT 1");
        Assert.True(Loopback.WaitUntil(() => transfers.CreditIgnored == 1));
        Assert.Equal(1, transfers.MessagesSent);
    }

    [Theory]
    [InlineData("RETRANSMIT 1 * 0 5", "ERROR RETRANSMIT <streamId> <sessionId|*> <fromSeq> <toSeq> [<prefix>...] with 1 <= fromSeq <= toSeq; got fromSeq '0' toSeq '5'")]
    [InlineData("RETRANSMIT one * 1 5", "ERROR RETRANSMIT <streamId> <sessionId|*> <fromSeq> <toSeq> [<prefix>...] with 1 <= fromSeq <= toSeq; streamId 'one' is not 0 to 65535")]
    [InlineData("RETRANSMIT 1 *", "ERROR RETRANSMIT <streamId>")]
    [InlineData("CREDIT", "ERROR CREDIT <n> with n a whole number of at least 1")]
    [InlineData("CREDIT -1", "ERROR CREDIT <n> with n a whole number of at least 1, got '-1'")]
    [InlineData("CANCEL everything", "ERROR CANCEL with no arguments")]
    public void Malformed_RetransmitCreditCancel_GetOneErrorSayingWhy(string request, string expectedStart)
    {
        using var feed = Loopback.StartFeed(100, "AAPL");
        using var gateway = Loopback.StartGateway(Loopback.Options(feed.Endpoint));
        var reply = Loopback.Request(gateway.RequestEndpoint, request);
        Assert.Equal(1, reply.FrameCount);
        Assert.StartsWith(expectedStart, reply[0].ConvertToString(), StringComparison.Ordinal);
        Assert.Equal(1, gateway.Counters.BadRequests);
        Assert.Equal("END", Loopback.Request(gateway.RequestEndpoint, "LIST").Last.ConvertToString());
    }

    [Fact]
    public void Retransmit_OnAReqSocket_CreditOnePerMoreReadsTheWholeRange()
    {
        using var flowing = FlowingGateway.Start(o => o.Transfers.MaxReplyFrames = 7, 120, "AAPL", "MSFT");
        var gateway = flowing.Gateway;
        var seen = flowing.Live.Sequenced();

        using var req = new RequestSocket();
        req.Options.Linger = TimeSpan.Zero;
        req.Connect(gateway.RequestEndpoint);
        var (frames, status, messages) = TransferReader.Request(req, $"RETRANSMIT 1 * {TransferReader.StreamSeq(seen[0])} {TransferReader.StreamSeq(seen[99])}", Loopback.Deadline);
        Assert.Equal("END", status);
        Assert.Equal(seen[..100], frames);
        Assert.InRange(messages, 15, 16);

        // The REQ socket is in step: the next request gets its own reply.
        (_, status, _) = TransferReader.Request(req, "LIST", Loopback.Deadline);
        Assert.Equal("END", status);
    }

    [Fact]
    public void Retransmit_UnderEntitlements_NeedsLoginAndCarriesOnlyEntitledSymbols()
    {
        Assert.True(EntitlementTable.TryParse("alice-credential-0123 AAPL", "test", out var table, out var error), error);
        using var feed = Loopback.StartFeed(5_000, "IBM", "MSFT", "AAPL");
        var options = Loopback.Options(feed.Endpoint);
        options.Entitlements = table;
        options.CachePrefixes.Add("Q.");
        options.CachePrefixes.Add("T.");
        using var gateway = Loopback.StartGateway(options);
        Assert.True(Loopback.WaitUntil(() => feed.Counters.Subscriptions >= 5));
        feed.StartSources();
        Assert.True(Loopback.WaitUntil(() => gateway.Window.TryGetHeld(1, out _, out _, out var last) && last >= 3_000));

        using var dealer = TransferReader.Dealer(gateway.RequestEndpoint);
        var (frames, status, _) = TransferReader.Request(dealer, "RETRANSMIT 1 * 1 3000", Loopback.Deadline);
        Assert.Empty(frames);
        Assert.Equal("ERROR LOGIN <credential> on this connection before RETRANSMIT", status);

        // What the window holds of the range, unfiltered, read the way the service reads it.
        Assert.True(gateway.Window.TryGetHeld(1, out var session, out _, out _));
        Assert.True(RetransmitRequest.TryParse(RequestText.Words("RETRANSMIT 1 * 1 3000"), out var all, out _));
        using var unfiltered = new RetransmitSource(all!, session, gateway.Window, null, null, new TransferCounters());
        var held = new ReplyBuffer(10_000, 10 << 20);
        var budget = 100_000;
        Assert.Equal(ReplyProgress.Done, unfiltered.Fill(held, ref budget));
        Assert.Contains(held.Frames, f => f.AsSpan().StartsWith("Q.MSFT|"u8));
        Assert.Contains(held.Frames, f => f.AsSpan().StartsWith("Q.AAPL|"u8));

        (_, status, _) = TransferReader.Request(dealer, "LOGIN alice-credential-0123", Loopback.Deadline);
        Assert.Equal("END", status);
        (frames, status, _) = TransferReader.Request(dealer, "RETRANSMIT 1 * 1 3000", Loopback.Deadline);
        Assert.Equal("END", status);
        Assert.Equal(held.Frames.Where(f => Encoding.ASCII.GetString(f, 0, 8).Contains(".AAPL|", StringComparison.Ordinal)), frames);
    }

    [Fact]
    public void Replay_FortyUnreadFullRangeRequests_QueueAtMostOneMessageEach()
    {
        using var directory = new TempDirectory();
        var journal = directory.PathOf("journal");
        WriteQuotes(journal, 5_000);

        using var feed = Loopback.StartFeed(100, "AAPL");
        var options = Loopback.Options(feed.Endpoint);
        options.JournalDirectory = journal;
        options.Transfers.MaxReplyFrames = 100;
        using var gateway = Loopback.StartGateway(options);
        var transfers = gateway.Counters.Transfers;
        const string Everything = "REPLAY 0 9223372036854775807 AAPL";

        // One connection, 40 requests: the first opens a transfer, the other 39 are busy.
        using var one = TransferReader.Dealer(gateway.RequestEndpoint);
        for (var i = 0; i < 40; i++)
        {
            one.SendFrame(Everything);
        }

        Assert.True(Loopback.WaitUntil(() => transfers.Busy == 39));

        // Forty connections, one request each: forty transfers, each with the one message its request paid for.
        var many = Enumerable.Range(0, 40).Select(_ => TransferReader.Dealer(gateway.RequestEndpoint)).ToList();
        try
        {
            foreach (var dealer in many)
            {
                dealer.SendFrame(Everything);
            }

            Assert.True(Loopback.WaitUntil(() => transfers.Open == 41));
            Assert.False(Loopback.WaitUntil(() => transfers.MessagesSent > 41, TimeSpan.FromMilliseconds(500)));
            Assert.Equal(41, transfers.MessagesSent);
            Assert.True(transfers.FramesSent <= 41 * 100);
        }
        finally
        {
            many.ForEach(d => d.Dispose());
        }
    }

    [Fact]
    public void Replay_LongerThanOneMessage_IsSplitIntoMoreMessagesUnderCredit()
    {
        using var directory = new TempDirectory();
        var journal = directory.PathOf("journal");
        WriteQuotes(journal, 2_500);

        using var feed = Loopback.StartFeed(100, "AAPL");
        var options = Loopback.Options(feed.Endpoint);
        options.JournalDirectory = journal;
        using var gateway = Loopback.StartGateway(options);
        using var dealer = TransferReader.Dealer(gateway.RequestEndpoint);
        var (frames, status, messages) = TransferReader.Request(dealer, "REPLAY 0 9223372036854775807 AAPL", Loopback.Deadline);
        Assert.Equal("END", status);
        Assert.Equal(3, messages);
        Assert.Equal(2_500, frames.Count);
        Assert.Equal(Enumerable.Range(1, 2_500).Select(i => (ulong)i), frames.Select(TransferReader.StreamSeq));
    }

    // A journal of AAPL quotes with streamSeq 1..count, received 1 ns apart.
    private static void WriteQuotes(string journal, int count)
    {
        using var writer = JournalWriter.Open(journal, new JournalWriterOptions { StreamName = "t" });
        for (ulong seq = 1; seq <= (ulong)count; seq++)
        {
            writer.Append(WireMessages.Quote("AAPL", 1, seq, seq), 1_700_000_000_000_000_000L + (long)seq);
        }
    }
}
