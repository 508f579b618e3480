using TickStream.Sources;
using TickStream.Wire;

namespace TickStream.FeedHandler.Tests;

/// <summary>An ITCH 5.0 file through the order books and the feed handler to a subscriber.</summary>
public sealed class ItchSourceTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ItchFile_BecomesDefinitionsQuotesBookUpdatesAndTrades()
    {
        using var files = new TempDirectory();
        var nineThirty = (long)TimeSpan.FromHours(9.5).TotalNanoseconds;
        var itch = new ItchTestWriter()
            .StockDirectory(7, nineThirty, "AAPL", roundLotSize: 100)
            .AddOrder(7, nineThirty + 1, 1, 'B', 300, "AAPL", 1_899_900)
            .AddOrder(7, nineThirty + 2, 2, 'S', 200, "AAPL", 1_900_100)
            .OrderExecuted(7, nineThirty + 3, 2, 50, 9001)
            .OrderDelete(7, nineThirty + 4, 1)
            .Raw([0x00, 0x05, (byte)'z', 1, 2, 3, 4]);
        var path = Path.Combine(files.Root, "20240301.itch");
        await File.WriteAllBytesAsync(path, itch.ToArray(), TestContext.Current.CancellationToken);

        var registry = new InstrumentRegistry();
        var source = new ItchTickSource(path, registry);
        using var engine = new FeedEngine(FeedEngineTests.LoopbackOptions(), [source], registry);
        engine.StartPublisher();
        using var collector = new FrameCollector(engine.Endpoint, "T.AAPL|", "Q.AAPL|", "B.AAPL|", "I.AAPL|");
        FeedEngineTests.WaitForSubscriptions(engine, 4);
        engine.StartSources();
        await engine.SourcesCompleted.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Assert.True(engine.Stop());

        // Definition; bid appears (quote + level); ask appears (quote + level); 50 executed (trade, ask size
        // change, quote); bid deleted (level delete, quote with an empty bid).
        Assert.True(collector.WaitUntil(c => c.Count >= 10, Deadline), $"received {collector.Count}");
        Assert.True(InstrumentDefinitionDecoder.TryWrap(collector.Frames("I.AAPL|").Single(), out var definition, out _));
        Assert.Equal(100u, definition.RoundLot);
        Assert.Equal("XNAS", definition.GetVenueString());

        var trade = collector.Frames("T.AAPL|").Single();
        Assert.True(TradeDecoder.TryWrap(trade, out var t, out _));
        Assert.Equal(190_010_000_000, t.Price.Mantissa);
        Assert.Equal(50, t.Size);
        Assert.Equal(9001UL, t.TradeId);
        Assert.Equal(Wire.AggressorSide.Buy, t.AggressorSide);
        var expectedTime = new DateTimeOffset(2024, 3, 1, 9, 30, 0, TimeSpan.FromHours(-5)).ToUnixTimeMilliseconds() * 1_000_000L;
        Assert.Equal((ulong)(expectedTime + nineThirty - (long)TimeSpan.FromHours(9.5).TotalNanoseconds + 3), t.ExchangeTime);

        var quotes = collector.Frames("Q.AAPL|");
        Assert.True(QuoteDecoder.TryWrap(quotes[^1], out var last, out _));
        Assert.False(last.BidPrice.HasMantissa, "the bid side is empty after the delete");
        Assert.Equal(190_010_000_000, last.AskPrice.Mantissa);
        Assert.Equal(150, last.AskSize);

        var books = collector.Frames("B.AAPL|");
        Assert.True(books.Count >= 4);
        for (var i = 0; i < books.Count; i++)
        {
            Assert.True(BookUpdateDecoder.TryWrap(books[i], out var book, out _));
            Assert.Equal((ulong)(i + 1), book.SymbolSeq);
            Assert.True(book.TryGetLevels(out var levels, out _));
            Assert.True(levels.MoveNext());
            if (i == books.Count - 1)
            {
                Assert.Equal(BookAction.Delete, levels.Action);
                Assert.Equal(BookSide.Bid, levels.Side);
                Assert.Equal(189_990_000_000, levels.Price.Mantissa);
            }
        }

        Assert.Equal(1, source.Counters.Malformed);
        Assert.Contains("unknown message type", source.Counters.LastError!.Reason, StringComparison.Ordinal);
    }
}
