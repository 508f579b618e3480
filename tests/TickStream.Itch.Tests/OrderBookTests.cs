using TickStream.Itch.Books;

namespace TickStream.Itch.Tests;

public sealed class OrderBookTests
{
    private const ushort Aapl = 1;

    [Fact]
    public void Scenario_AddsExecutionsCancelsReplacesDeletes_YieldKnownBookTradesAndQuotes()
    {
        var writer = new ItchTestWriter()
            .StockDirectory(Aapl, 1, "AAPL", roundLotSize: 100)
            .AddOrder(Aapl, 2, 1, 'B', 100, "AAPL", 1_000_000)          // bid 100.00 x100
            .AddOrder(Aapl, 3, 2, 'B', 200, "AAPL", 1_000_100)          // bid 100.01 x200
            .AddOrder(Aapl, 4, 3, 'S', 300, "AAPL", 1_000_500)          // ask 100.05 x300
            .AddOrder(Aapl, 5, 4, 'S', 100, "AAPL", 1_000_300)          // ask 100.03 x100
            .AddOrder(Aapl, 6, 5, 'B', 50, "AAPL", 1_000_100)           // bid 100.01 x250 (2 orders)
            .OrderExecuted(Aapl, 7, 2, 80, 1)                           // bid 100.01 x170, sell aggressor
            .OrderExecutedWithPrice(Aapl, 8, 4, 40, 2, 'Y', 1_000_200)  // ask 100.03 x60, buy aggressor at 100.02
            .OrderCancel(Aapl, 9, 3, 100)                               // ask 100.05 x200 (not the best)
            .OrderReplace(Aapl, 10, 1, 6, 150, 1_000_200)               // 100.00 gone, bid 100.02 x150 new best
            .OrderDelete(Aapl, 11, 5)                                   // bid 100.01 x120 (not the best)
            .OrderExecuted(Aapl, 12, 4, 60, 3)                          // ask 100.03 gone, best ask 100.05 x200
            .Trade(Aapl, 13, 0, 'B', 500, "AAPL", 1_000_150, 4)         // hidden order, sell aggressor
            .CrossTrade(Aapl, 14, 1000, "AAPL", 1_000_200, 5, 'C');    // closing cross
        var (books, listener) = Run(writer.ToArray(), new OrderBookOptions { Depth = 10 });

        var book = books.GetBook(Aapl)!;
        Assert.Equal("AAPL", book.Symbol);
        Assert.Equal(100U, book.RoundLotSize);
        Assert.Equal(2, book.Bids.Count);
        Assert.Equal((1_000_200U, 150L, 1), (book.Bids.PriceAt(1), book.Bids.SizeAt(1), book.Bids.OrderCountAt(1)));
        Assert.Equal((1_000_100U, 120L, 1), (book.Bids.PriceAt(2), book.Bids.SizeAt(2), book.Bids.OrderCountAt(2)));
        Assert.Equal(1, book.Asks.Count);
        Assert.Equal((1_000_500U, 200L, 1), (book.Asks.PriceAt(1), book.Asks.SizeAt(1), book.Asks.OrderCountAt(1)));
        Assert.Equal(3, books.OrderCount);

        TradeEvent[] trades =
        [
            new(Aapl, 7, 100_010_000_000, 80, 1, ItchSide.Sell, TradeKind.Execution, 2),
            new(Aapl, 8, 100_020_000_000, 40, 2, ItchSide.Buy, TradeKind.ExecutionWithPrice, 4),
            new(Aapl, 12, 100_030_000_000, 60, 3, ItchSide.Buy, TradeKind.Execution, 4),
            new(Aapl, 13, 100_015_000_000, 500, 4, ItchSide.Sell, TradeKind.NonCross, 0),
            new(Aapl, 14, 100_020_000_000, 1000, 5, ItchSide.None, TradeKind.Cross, 0),
        ];
        Assert.Equal(trades, listener.Trades);

        QuoteEvent[] quotes =
        [
            new(Aapl, 2, 100_000_000_000, 100, 0, 0),
            new(Aapl, 3, 100_010_000_000, 200, 0, 0),
            new(Aapl, 4, 100_010_000_000, 200, 100_050_000_000, 300),
            new(Aapl, 5, 100_010_000_000, 200, 100_030_000_000, 100),
            new(Aapl, 6, 100_010_000_000, 250, 100_030_000_000, 100),
            new(Aapl, 7, 100_010_000_000, 170, 100_030_000_000, 100),
            new(Aapl, 8, 100_010_000_000, 170, 100_030_000_000, 60),
            new(Aapl, 10, 100_020_000_000, 150, 100_030_000_000, 60),
            new(Aapl, 12, 100_020_000_000, 150, 100_050_000_000, 200),
        ];
        Assert.Equal(quotes, listener.Quotes);

        LevelChangeEvent[] levels =
        [
            new(Aapl, 2, ItchSide.Buy, 1, 100_000_000_000, 100, 1, LevelAction.New),
            new(Aapl, 3, ItchSide.Buy, 1, 100_010_000_000, 200, 1, LevelAction.New),
            new(Aapl, 4, ItchSide.Sell, 1, 100_050_000_000, 300, 1, LevelAction.New),
            new(Aapl, 5, ItchSide.Sell, 1, 100_030_000_000, 100, 1, LevelAction.New),
            new(Aapl, 6, ItchSide.Buy, 1, 100_010_000_000, 250, 2, LevelAction.Change),
            new(Aapl, 7, ItchSide.Buy, 1, 100_010_000_000, 170, 2, LevelAction.Change),
            new(Aapl, 8, ItchSide.Sell, 1, 100_030_000_000, 60, 1, LevelAction.Change),
            new(Aapl, 9, ItchSide.Sell, 2, 100_050_000_000, 200, 1, LevelAction.Change),
            new(Aapl, 10, ItchSide.Buy, 2, 100_000_000_000, 0, 0, LevelAction.Delete),
            new(Aapl, 10, ItchSide.Buy, 1, 100_020_000_000, 150, 1, LevelAction.New),
            new(Aapl, 11, ItchSide.Buy, 2, 100_010_000_000, 120, 1, LevelAction.Change),
            new(Aapl, 12, ItchSide.Sell, 1, 100_030_000_000, 0, 0, LevelAction.Delete),
        ];
        Assert.Equal(levels, listener.Levels);

        var instrument = Assert.Single(listener.Instruments);
        Assert.Equal((Aapl, "AAPL", 100U, (byte)'Q', false), (instrument.StockLocate, instrument.Symbol, instrument.RoundLotSize, instrument.MarketCategory, instrument.IsTest));
        Assert.Empty(listener.Errors);
        Assert.Equal(0, books.Errors.Total);
    }

    [Fact]
    public void LevelChange_DeleteInsideDepth_RevealsLevelBeyondDepth()
    {
        var writer = new ItchTestWriter()
            .AddOrder(Aapl, 1, 1, 'S', 100, "AAPL", 1_000_100)
            .AddOrder(Aapl, 2, 2, 'S', 200, "AAPL", 1_000_200)
            .AddOrder(Aapl, 3, 3, 'S', 300, "AAPL", 1_000_300)   // level 3: beyond a depth of 2, not reported
            .OrderDelete(Aapl, 4, 1);
        var (books, listener) = Run(writer.ToArray(), new OrderBookOptions { Depth = 2 });

        LevelChangeEvent[] levels =
        [
            new(Aapl, 1, ItchSide.Sell, 1, 100_010_000_000, 100, 1, LevelAction.New),
            new(Aapl, 2, ItchSide.Sell, 2, 100_020_000_000, 200, 1, LevelAction.New),
            new(Aapl, 4, ItchSide.Sell, 1, 100_010_000_000, 0, 0, LevelAction.Delete),
            new(Aapl, 4, ItchSide.Sell, 2, 100_030_000_000, 300, 1, LevelAction.New),
        ];
        Assert.Equal(levels, listener.Levels);
        Assert.Equal(1_000_200U, books.GetBook(Aapl)!.Asks.PriceAt(1));
    }

    [Fact]
    public void Execute_UnknownReference_CountedWithOffsetAndBookUnchanged()
    {
        var writer = new ItchTestWriter().AddOrder(Aapl, 1, 1, 'B', 100, "AAPL", 1_000_000);
        var executeAt = writer.Length;
        writer.OrderExecuted(Aapl, 2, 999, 10, 1);
        var cancelAt = writer.Length;
        writer.OrderCancel(Aapl, 3, 998, 10).OrderDelete(Aapl, 4, 997).OrderReplace(Aapl, 5, 996, 2, 10, 1).OrderExecuted(Aapl, 6, 1, 10, 2);
        var (books, listener) = Run(writer.ToArray(), new OrderBookOptions());

        Assert.Equal(4, books.Errors[ItchErrorKind.UnknownOrderReference]);
        Assert.Equal((ItchErrorKind.UnknownOrderReference, executeAt, (byte)'E', 999UL), (listener.Errors[0].Kind, listener.Errors[0].FileOffset, listener.Errors[0].MessageType, listener.Errors[0].OrderReference));
        Assert.Equal(cancelAt, listener.Errors[1].FileOffset);
        Assert.Contains("unknown order 999", listener.Errors[0].ToString(), StringComparison.Ordinal);
        Assert.Equal(90L, books.GetBook(Aapl)!.Bids.BestSize);
        Assert.Single(listener.Trades);
        Assert.Equal(1, books.OrderCount);
    }

    [Fact]
    public void Execute_LargerThanOpenShares_CountedOrderRemovedBookConsistent()
    {
        var writer = new ItchTestWriter()
            .AddOrder(Aapl, 1, 1, 'B', 100, "AAPL", 1_000_000)
            .AddOrder(Aapl, 2, 2, 'B', 300, "AAPL", 1_000_000);
        var overAt = writer.Length;
        writer.OrderExecuted(Aapl, 3, 1, 150, 7).OrderCancel(Aapl, 4, 2, 500);
        var (books, listener) = Run(writer.ToArray(), new OrderBookOptions());

        Assert.Equal(1, books.Errors[ItchErrorKind.ExecutionExceedsOpenShares]);
        Assert.Equal(1, books.Errors[ItchErrorKind.CancelExceedsOpenShares]);
        Assert.Equal(overAt, listener.Errors[0].FileOffset);
        Assert.Equal(150, listener.Errors[0].Detail);
        Assert.Equal(150, Assert.Single(listener.Trades).Size);
        Assert.Equal(0, books.GetBook(Aapl)!.Bids.Count);
        Assert.Equal(0, books.OrderCount);
        Assert.Equal(new QuoteEvent(Aapl, 4, 0, 0, 0, 0), listener.Quotes[^1]);
    }

    [Fact]
    public void Add_DuplicateReference_CountedAndIgnored()
    {
        var writer = new ItchTestWriter()
            .AddOrder(Aapl, 1, 1, 'B', 100, "AAPL", 1_000_000)
            .AddOrderMpid(Aapl, 2, 1, 'S', 100, "AAPL", 1_000_500, "GSCO");
        var (books, _) = Run(writer.ToArray(), new OrderBookOptions());

        Assert.Equal(1, books.Errors[ItchErrorKind.DuplicateOrderReference]);
        Assert.Equal(0, books.GetBook(Aapl)!.Asks.Count);
        Assert.Equal(1, books.OrderCount);
    }

    [Fact]
    public void Replace_NewReferenceAlreadyLive_CountedAndOriginalRemoved()
    {
        var writer = new ItchTestWriter()
            .AddOrder(Aapl, 1, 1, 'B', 100, "AAPL", 1_000_000)
            .AddOrder(Aapl, 2, 2, 'B', 200, "AAPL", 990_000)
            .OrderReplace(Aapl, 3, 1, 2, 300, 1_000_100);
        var (books, listener) = Run(writer.ToArray(), new OrderBookOptions());

        Assert.Equal(1, books.Errors[ItchErrorKind.DuplicateOrderReference]);
        Assert.Equal(2UL, Assert.Single(listener.Errors).OrderReference);
        var bids = books.GetBook(Aapl)!.Bids;
        Assert.Equal(1, bids.Count);
        Assert.Equal((990_000U, 200L), (bids.PriceAt(1), bids.SizeAt(1)));
        Assert.Equal(1, books.OrderCount);
    }

    [Fact]
    public void CrossTrade_ZeroShares_IsNotATrade()
    {
        var writer = new ItchTestWriter()
            .CrossTrade(Aapl, 1, 0, "AAPL", 1_000_000, 0, 'O')
            .CrossTrade(Aapl, 2, 300, "AAPL", 1_000_000, 9, 'O');
        var (_, listener) = Run(writer.ToArray(), new OrderBookOptions());

        var trade = Assert.Single(listener.Trades);
        Assert.Equal((300L, 9UL, TradeKind.Cross, ItchSide.None), (trade.Size, trade.MatchNumber, trade.Kind, trade.Aggressor));
    }

    [Fact]
    public void Add_SideNeitherBuyNorSell_CountedAndIgnored()
    {
        var writer = new ItchTestWriter()
            .AddOrder(Aapl, 1, 1, 'X', 100, "AAPL", 1_000_000)
            .AddOrder(Aapl, 2, 2, 'S', 100, "AAPL", 1_000_500);
        var (books, listener) = Run(writer.ToArray(), new OrderBookOptions());

        Assert.Equal(1, books.Errors[ItchErrorKind.InvalidSide]);
        Assert.Equal(0L, listener.Errors[0].FileOffset);
        Assert.Equal(0, books.GetBook(Aapl)!.Bids.Count);
        Assert.Equal(1_000_500U, books.GetBook(Aapl)!.Asks.BestPrice);
        Assert.Equal(1, books.OrderCount);
    }

    [Fact]
    public void ExecutedWithPrice_NotPrintable_UpdatesBookWithoutTrade()
    {
        var writer = new ItchTestWriter()
            .AddOrder(Aapl, 1, 1, 'S', 100, "AAPL", 1_000_000)
            .OrderExecutedWithPrice(Aapl, 2, 1, 30, 1, 'N', 1_000_000);
        var (books, listener) = Run(writer.ToArray(), new OrderBookOptions());

        Assert.Empty(listener.Trades);
        Assert.Equal(1, books.NonPrintableExecutions);
        Assert.Equal(70L, books.GetBook(Aapl)!.Asks.BestSize);
    }

    [Fact]
    public void SymbolFilter_OnlyWantedStocksBuiltAndReported()
    {
        var writer = new ItchTestWriter()
            .StockDirectory(1, 1, "AAPL")
            .StockDirectory(2, 2, "MSFT")
            .AddOrder(1, 3, 1, 'B', 100, "AAPL", 1_000_000)
            .AddOrder(2, 4, 2, 'B', 100, "MSFT", 2_000_000)
            .OrderExecuted(1, 5, 1, 10, 1)
            .OrderExecuted(2, 6, 2, 10, 2)
            .Trade(1, 7, 0, 'B', 10, "AAPL", 1_000_000, 3)
            .OrderDelete(1, 8, 1);
        var (books, listener) = Run(writer.ToArray(), new OrderBookOptions { Symbols = ["MSFT"] });

        Assert.Null(books.GetBook(1));
        Assert.Equal("AAPL", books.GetSymbol(1));
        Assert.Equal(1, books.BookCount);
        Assert.Equal("MSFT", Assert.Single(listener.Instruments).Symbol);
        Assert.Equal((ushort)2, Assert.Single(listener.Trades).StockLocate);
        Assert.All(listener.Quotes, q => Assert.Equal((ushort)2, q.StockLocate));
        Assert.Equal(0, books.Errors.Total);
    }

    [Fact]
    public void NoDirectory_NoFilter_BookBuiltOnFirstOrder()
    {
        var (books, _) = Run(new ItchTestWriter().AddOrder(9, 1, 1, 'B', 100, "ZZZZ", 10_000).ToArray(), new OrderBookOptions());

        var book = books.GetBook(9)!;
        Assert.Equal(string.Empty, book.Symbol);
        Assert.Equal(10_000U, book.Bids.BestPrice);
    }

    [Fact]
    public void Clock_NasdaqDate_TurnsTimestampsIntoEpochNanoseconds()
    {
        var clock = ItchSessionClock.ForNasdaqDate(new DateOnly(2024, 7, 1));
        var nineThirty = 34_200_000_000_000L;
        var (_, listener) = Run(new ItchTestWriter().AddOrder(Aapl, nineThirty, 1, 'B', 100, "AAPL", 10_000).ToArray(), new OrderBookOptions { Clock = clock });

        var expected = new DateTimeOffset(2024, 7, 1, 13, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;
        Assert.Equal(expected, listener.Quotes[0].TimestampNs);
    }

    [Theory]
    [InlineData(2024, 3, 8, -5)]
    [InlineData(2024, 3, 10, -5)]
    [InlineData(2024, 3, 11, -4)]
    [InlineData(2024, 11, 1, -4)]
    [InlineData(2024, 11, 3, -4)]
    [InlineData(2024, 11, 4, -5)]
    [InlineData(2025, 1, 2, -5)]
    public void UsEasternOffsetAtMidnight_AroundDaylightSavingSwitches_IsCorrect(int year, int month, int day, int hours)
    {
        Assert.Equal(TimeSpan.FromHours(hours), ItchSessionClock.UsEasternOffsetAtMidnight(new DateOnly(year, month, day)));
    }

    [Fact]
    public void BalancedFlow_ManyLevels_BookMatchesReferenceModelAfterEveryStock()
    {
        var data = ItchScenarios.BalancedFlow(5000, 400, seed: 7);
        var cut = data.Length / 2;
        var half = CutAtFrame(data, cut);
        var (books, listener) = Run([.. ItchScenarios.Directory(), .. data.AsSpan(0, half)], new OrderBookOptions { OrderCapacity = 16, Depth = 5 });

        // Rebuild the expected aggregated levels from the live orders of a reference replay.
        var reference = ReferenceBook.Replay(data.AsSpan(0, half));
        for (ushort locate = 1; locate <= ItchScenarios.Symbols.Length; locate++)
        {
            var book = books.GetBook(locate)!;
            Assert.Equal(reference.Levels(locate, ItchSide.Buy), Levels(book.Bids));
            Assert.Equal(reference.Levels(locate, ItchSide.Sell), Levels(book.Asks));
        }

        Assert.Equal(reference.OrderCount, books.OrderCount);
        Assert.True(books.OrderCapacity > 16);
        Assert.Empty(listener.Errors);
        Assert.All(listener.Levels, l => Assert.InRange(l.Level, 1, 5));
    }

    internal static (ItchOrderBooks<RecordingListener> Books, RecordingListener Listener) Run(byte[] data, OrderBookOptions options)
    {
        var books = new ItchOrderBooks<RecordingListener>(options, new RecordingListener());
        var handler = books.CreateHandler();
        var errors = new ItchErrorCounters();
        ItchParser.ParseFramed(data, 0, ref handler, errors, isFinal: true, out _);
        Assert.Equal(0, errors.Total);
        return (books, books.Listener);
    }

    private static List<(uint Price, long Size, int Orders)> Levels(PriceLevels levels)
    {
        var result = new List<(uint, long, int)>();
        for (var level = 1; level <= levels.Count; level++)
        {
            result.Add((levels.PriceAt(level), levels.SizeAt(level), levels.OrderCountAt(level)));
        }

        return result;
    }

    private static int CutAtFrame(byte[] data, int approximately)
    {
        var position = 0;
        while (position < approximately)
        {
            position += 2 + ((data[position] << 8) | data[position + 1]);
        }

        return position;
    }
}
