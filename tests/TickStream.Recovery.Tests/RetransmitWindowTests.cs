namespace TickStream.Recovery.Tests;

/// <summary>The window: held ranges, eviction, sessions, zero allocation, and reads concurrent with the writer.</summary>
public sealed class RetransmitWindowTests
{
    [Fact]
    public void Append_QuotesOfASession_AreHeldByStreamSeq()
    {
        var window = new RetransmitWindow(1024);
        window.Append(WireMessages.StreamStart(3, 77));
        for (ulong seq = 1; seq <= 100; seq++)
        {
            window.Append(WireMessages.Quote("AAPL", 3, seq, seq));
        }

        Assert.True(window.TryGetHeld(3, out var session, out var first, out var last));
        Assert.Equal((77UL, 1UL, 100UL), (session, first, last));
        Assert.False(window.TryGetHeld(4, out _, out _, out _));
    }

    [Fact]
    public void Append_BeyondTheCap_EvictsTheOldestAndKeepsTheNewest()
    {
        var window = new RetransmitWindow(64);
        window.Append(WireMessages.StreamStart(1, 5));
        for (ulong seq = 1; seq <= 1_000; seq++)
        {
            window.Append(WireMessages.Quote("AAPL", 1, seq, seq));
        }

        Assert.True(window.TryGetHeld(1, out _, out var first, out var last));
        Assert.Equal(1_000UL, last);
        Assert.InRange(last - first + 1, 1UL, 64UL);
    }

    [Fact]
    public void StreamStart_NewSession_EmptiesTheStreamAndAnOutOfOrderSeqIsRefused()
    {
        var window = new RetransmitWindow(64);
        window.Append(WireMessages.Quote("AAPL", 1, 10, 1));
        window.Append(WireMessages.StreamStart(1, 5));
        Assert.True(window.TryGetHeld(1, out var session, out var first, out _));
        Assert.Equal((5UL, 10UL), (session, first));

        window.Append(WireMessages.Quote("AAPL", 1, 9, 1));
        Assert.True(window.TryGetHeld(1, out _, out first, out var last));
        Assert.Equal((10UL, 10UL), (first, last));

        window.Append(WireMessages.StreamStart(1, 6));
        Assert.True(window.TryGetHeld(1, out session, out first, out last));
        Assert.Equal((6UL, 0UL, 0UL), (session, first, last));
        window.Append(WireMessages.Quote("AAPL", 1, 1, 1));
        Assert.True(window.TryGetHeld(1, out _, out first, out last));
        Assert.Equal((1UL, 1UL), (first, last));
    }

    [Fact]
    public void Append_OnceWarm_AllocatesNothing()
    {
        var window = new RetransmitWindow(4096);
        var quote = WireMessages.Quote("AAPL", 1, 1, 1);
        var trade = WireMessages.Trade("AAPL", 1, 2, 1);
        window.Append(WireMessages.StreamStart(1, 9));

        // Wrap the ring several times first: every index chunk and data page exists, eviction runs on every append.
        ulong seq = 0;
        for (var i = 0; i < 20_000; i++)
        {
            WireMessages.SetStreamSeq(quote, ++seq);
            window.Append(quote);
        }

        var allocated = Allocation.FewestBytes(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                WireMessages.SetStreamSeq(quote, ++seq);
                window.Append(quote);
                WireMessages.SetStreamSeq(trade, ++seq);
                window.Append(trade);
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(window.TryGetHeld(1, out _, out _, out var last));
        Assert.Equal(seq, last);
    }

    [Fact]
    public void Retransmit_WhileTheWriterWrapsTheWindow_EveryFrameReadIsWholeAndInOrder()
    {
        // One writer appends as fast as it can into a small window (evicting constantly) while a reader retransmits
        // from it: whatever the reader gets must be exactly a frame that was written, in streamSeq order.
        var window = new RetransmitWindow(256);
        window.Append(WireMessages.StreamStart(1, 1));
        window.Append(WireMessages.Quote("AAPL", 1, 1, 1));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        long written = 0;
        var writer = new Thread(() =>
        {
            var quote = WireMessages.Quote("AAPL", 1, 1, 1);
            for (ulong seq = 2; !stop.IsCancellationRequested && seq < 20_000_000; seq++)
            {
                WireMessages.SetStreamSeq(quote, seq);
                BitConverter.TryWriteBytes(quote.AsSpan(7 + 16), seq);
                window.Append(quote);
                Volatile.Write(ref written, (long)seq);
            }
        }) { IsBackground = true };
        writer.Start();

        var counters = new TransferCounters();
        var reads = 0;
        var frames = 0L;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (reads < 2_000 && DateTime.UtcNow < deadline)
        {
            Assert.True(window.TryGetHeld(1, out _, out var first, out _));
            var request = Parse($"RETRANSMIT 1 1 {Math.Max(1, first)} {first + 10_000}");
            using var source = new RetransmitSource(request, 1, window, null, null, counters);
            var buffer = new ReplyBuffer(100, TransferOptions.MaxReplyBytes);
            var budget = 1_000;
            source.Fill(buffer, ref budget);
            ulong previous = 0;
            foreach (var frame in buffer.Frames)
            {
                // streamSeq and symbolSeq were written equal: a torn frame would show two different values.
                var streamSeq = BitConverter.ToUInt64(frame, 7 + 8);
                Assert.Equal(streamSeq, BitConverter.ToUInt64(frame, 7 + 16));
                Assert.True(streamSeq > previous);
                previous = streamSeq;
            }

            frames += buffer.Frames.Count;
            reads++;
        }

        stop.Cancel();
        Assert.True(writer.Join(TimeSpan.FromSeconds(10)));
        Assert.True(reads > 0);
        Assert.True(Volatile.Read(ref written) > 1);
        Assert.True(frames > 0);
    }

    internal static RetransmitRequest Parse(string text)
    {
        Assert.True(RetransmitRequest.TryParse(RequestText.Words(text), out var request, out var error), error);
        return request!;
    }
}
