using TickStream.Sources;

namespace TickStream.FeedHandler.Tests;

/// <summary>The feed handler's retransmission service (<c>--req</c>) through real sockets (docs/RECOVERY.md).</summary>
public sealed class RetransmitServiceTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void Retransmit_FromTheFeedsWindow_IsByteIdenticalToWhatWasPublished()
    {
        using var engine = Start(5_000, null, 1 << 20, maxReplyFrames: 40);
        using var live = new FrameCollector(engine.Endpoint);
        FeedEngineTests.WaitForSubscriptions(engine, 1);
        engine.StartSources();
        Assert.True(Poll.Until(() => live.Sequenced().Count >= 600, Deadline));
        var seen = live.Sequenced();

        // The subscriber joined before the first tick, so it saw every streamSeq from 1.
        Assert.Equal(Enumerable.Range(1, 600).Select(i => (ulong)i), seen[..600].Select(TransferReader.StreamSeq));
        using var dealer = TransferReader.Dealer(engine.Retransmission!.Endpoint);
        var (frames, status, messages) = TransferReader.Request(dealer, "RETRANSMIT 1 * 1 500", Deadline);
        Assert.Equal("END", status);
        Assert.True(messages >= 13);
        Assert.Equal(seen[..500], frames);

        (frames, status, _) = TransferReader.Request(dealer, "RETRANSMIT 1 * 100 500 T.", Deadline);
        Assert.Equal("END", status);
        Assert.Equal(seen[99..500].FindAll(m => m[0] == (byte)'T'), frames);
        Assert.True(engine.Retransmission.Counters.FramesRetransmitted >= 500);
    }

    [Fact]
    public void Retransmit_OlderThanTheWindow_ComesFromTheJournalOrIsUnavailable()
    {
        using var directory = new TempDirectory();
        var journal = directory.PathOf("journal");
        using var withJournal = Start(5_000, journal, 64);
        using var windowOnly = Start(5_000, null, 64);
        using var live = new FrameCollector(withJournal.Endpoint);
        FeedEngineTests.WaitForSubscriptions(withJournal, 1);
        withJournal.StartSources();
        windowOnly.StartSources();
        Assert.True(Poll.Until(() => live.Sequenced().Count >= 400 && windowOnly.Counters.TicksIn >= 400, Deadline));

        using var dealer = TransferReader.Dealer(windowOnly.Retransmission!.Endpoint);
        var (frames, status, _) = TransferReader.Request(dealer, "RETRANSMIT 1 * 1 10", Deadline);
        Assert.Empty(frames);
        Assert.StartsWith("ERROR unavailable: stream 1 session ", status, StringComparison.Ordinal);
        Assert.EndsWith(" in memory and has no journal; asked 1..10", status, StringComparison.Ordinal);

        // The journal is written beside the publisher and flushed at least every 100 ms: wait until it has the range.
        var seen = live.Sequenced();
        using var reader = TransferReader.Dealer(withJournal.Retransmission!.Endpoint);
        List<byte[]>? got = null;
        Assert.True(Poll.Until(() =>
        {
            (got, status, _) = TransferReader.Request(reader, "RETRANSMIT 1 * 1 300", Deadline);
            return status == "END" && got.Count == 300;
        }, Deadline), $"{got?.Count} frames, {status}");
        Assert.Equal(seen[..300], got);
    }

    [Theory]
    [InlineData("SNAPSHOT AAPL", "ERROR a known command, got 'SNAPSHOT'; expected one of: RETRANSMIT")]
    [InlineData("RETRANSMIT 1 * 5 4", "ERROR RETRANSMIT <streamId> <sessionId|*> <fromSeq> <toSeq>")]
    [InlineData("CREDIT none", "ERROR CREDIT <n> with n a whole number of at least 1, got 'none'")]
    [InlineData("", "ERROR a command, got an empty request")]
    public void Malformed_GetsOneErrorAndTheServiceGoesOn(string request, string expectedStart)
    {
        using var engine = Start(100, null, 1024);
        using var dealer = TransferReader.Dealer(engine.Retransmission!.Endpoint);
        var (frames, status, _) = TransferReader.Request(dealer, request, Deadline);
        Assert.Empty(frames);
        Assert.StartsWith(expectedStart, status, StringComparison.Ordinal);
        Assert.Equal(1, engine.Retransmission.BadRequests);
        (_, status, _) = TransferReader.Request(dealer, "CANCEL", Deadline);
        Assert.Equal("END CANCELLED", status);
    }

    private static FeedEngine Start(double rate, string? journal, int window, int maxReplyFrames = 1_000)
    {
        var registry = new InstrumentRegistry();
        var options = FeedEngineTests.LoopbackOptions();
        options.Request = "tcp://127.0.0.1:*";
        options.JournalDirectory = journal;
        options.Transfers.WindowFrames = window;
        options.Transfers.MaxReplyFrames = maxReplyFrames;
        var market = new SyntheticMarketOptions { Seed = 5, TicksPerSecond = rate, Symbols = ["SPY", "AAPL", "MSFT"] };
        var engine = new FeedEngine(options, [new SyntheticMarket(market, registry)], registry);
        engine.StartPublisher();
        return engine;
    }
}
