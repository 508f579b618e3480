
namespace TickStream.Sources.Tests;

public sealed class SyntheticMarketTests
{
    [Fact]
    public void Run_SameSeed_SameTicksApartFromTimestamps()
    {
        var first = Record(new SyntheticMarketOptions { Seed = 7, TicksPerSecond = 0, MaxTicks = 20_000 });
        var second = Record(new SyntheticMarketOptions { Seed = 7, TicksPerSecond = 0, MaxTicks = 20_000 });
        Assert.Equal(20_000, first.Length);
        Assert.Equal(WithoutTime(first), WithoutTime(second));
    }

    [Fact]
    public void Run_PacedAndUnpacedWithSameSeed_SameTicks()
    {
        var unpaced = Record(new SyntheticMarketOptions { Seed = 11, TicksPerSecond = 0, MaxTicks = 2_000 });
        var paced = Record(new SyntheticMarketOptions { Seed = 11, TicksPerSecond = 200_000, MaxTicks = 2_000 });
        Assert.Equal(WithoutTime(unpaced), WithoutTime(paced));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void Run_SubMillisecondPacingSlack_SameTicksAndTimesNeverGoBack(int slackMicroseconds)
    {
        // Below a millisecond of slack the generator sleeps with clock_nanosleep between groups of ticks.
        var unpaced = Record(new SyntheticMarketOptions { Seed = 5, TicksPerSecond = 0, MaxTicks = 2_000 });
        var paced = Record(new SyntheticMarketOptions
        {
            Seed = 5, TicksPerSecond = 50_000, MaxTicks = 2_000, PacingSlack = TimeSpan.FromMicroseconds(slackMicroseconds),
        });
        Assert.Equal(WithoutTime(unpaced), WithoutTime(paced));
        for (var i = 1; i < paced.Length; i++)
        {
            Assert.True(paced[i].ExchangeTimeNs >= paced[i - 1].ExchangeTimeNs, $"tick {i} is stamped before tick {i - 1}");
        }
    }

    [Fact]
    public void Run_DifferentSeeds_DifferentTicks()
    {
        var a = Record(new SyntheticMarketOptions { Seed = 1, TicksPerSecond = 0, MaxTicks = 1_000 });
        var b = Record(new SyntheticMarketOptions { Seed = 2, TicksPerSecond = 0, MaxTicks = 1_000 });
        Assert.NotEqual(WithoutTime(a), WithoutTime(b));
    }

    [Fact]
    public void Run_100kTicks_QuotesUncrossedOnTickGridAndTradesAtTouch()
    {
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarket(new SyntheticMarketOptions { Seed = 3, TicksPerSecond = 0, MaxTicks = 100_000 }, registry);
        var sink = new RecordingSink();
        market.Run(sink, TestContext.Current.CancellationToken);
        var ticks = sink.Ticks;
        Assert.Equal(100_000, ticks.Length);
        Assert.Equal(100_000, market.Counters.TicksRead);

        var lastBid = new Dictionary<int, long>();
        var lastAsk = new Dictionary<int, long>();
        var trades = 0;
        var oddLots = 0;
        foreach (var tick in ticks)
        {
            var instrument = registry.Get(tick.InstrumentId);
            Assert.Equal(RawTickFlags.Synthetic, tick.Flags & RawTickFlags.Synthetic);
            if (tick.Kind == TickKind.Quote)
            {
                Assert.True(tick.BidPrice > 0);
                Assert.True(tick.BidPrice < tick.AskPrice, $"bid {tick.BidPrice} not below ask {tick.AskPrice}");
                Assert.Equal(0, tick.BidPrice % instrument.TickSize);
                Assert.Equal(0, tick.AskPrice % instrument.TickSize);
                Assert.True(tick.BidSize > 0 && tick.AskSize > 0);
                Assert.Equal(0, tick.BidSize % instrument.RoundLot);
                lastBid[tick.InstrumentId] = tick.BidPrice;
                lastAsk[tick.InstrumentId] = tick.AskPrice;
            }
            else
            {
                Assert.Equal(TickKind.Trade, tick.Kind);
                trades++;
                Assert.True(tick.Size > 0);
                Assert.Equal(0, tick.Price % instrument.TickSize);
                if (lastBid.TryGetValue(tick.InstrumentId, out var bid))
                {
                    Assert.Equal(tick.AggressorSide == AggressorSide.Buy ? lastAsk[tick.InstrumentId] : bid, tick.Price);
                }

                Assert.True(tick.AggressorSide is AggressorSide.Buy or AggressorSide.Sell);
                Assert.Equal(trades, (int)tick.TradeId);
                var oddLot = (tick.Flags & RawTickFlags.OddLot) != 0;
                Assert.Equal(oddLot, tick.Size < instrument.RoundLot);
                oddLots += oddLot ? 1 : 0;
            }
        }

        // One trade per five quotes by default; the seed is fixed, so these bounds are exact checks of the mix.
        Assert.InRange(trades, 15_000, 18_500);
        Assert.InRange(oddLots, 1, trades / 10);
        Assert.Equal(registry.Count, lastBid.Count);
    }

    [Fact]
    public void Constructor_RegistersUniverseWithReferenceData()
    {
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarket(new SyntheticMarketOptions(), registry);
        Assert.Equal(SyntheticMarketOptions.DefaultUniverse.Count, registry.Count);
        Assert.InRange(registry.Count, 45, 60);
        Assert.True(registry.TryGetId("AAPL"u8, out var aapl));
        var instrument = registry.Get(aapl);
        Assert.Equal(10_000_000, instrument.TickSize);
        Assert.Equal("SYNT", instrument.Venue);
        Assert.Equal(100, instrument.RoundLot);
        Assert.Equal(2, instrument.DisplayDecimals);
        Assert.Equal("Apple Inc.", instrument.Description);
        Assert.Equal("synthetic", market.Name);
    }

    [Fact]
    public void Run_FirstQuotes_NearStartPrices()
    {
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarket(new SyntheticMarketOptions { TicksPerSecond = 0, MaxTicks = 2_000, Symbols = ["AAPL", "MSFT"] }, registry);
        var sink = new RecordingSink();
        market.Run(sink, TestContext.Current.CancellationToken);
        registry.TryGetId("AAPL"u8, out var aapl);
        registry.TryGetId("MSFT"u8, out var msft);
        var first = sink.Ticks.First(t => t.Kind == TickKind.Quote && t.InstrumentId == aapl);
        Assert.InRange(first.BidPrice, 185_000_000_000L, 195_000_000_000L);
        first = sink.Ticks.First(t => t.Kind == TickKind.Quote && t.InstrumentId == msft);
        Assert.InRange(first.BidPrice, 410_000_000_000L, 430_000_000_000L);
    }

    [Fact]
    public void Run_SymbolSubset_OnlyThoseSymbolsTick()
    {
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarket(new SyntheticMarketOptions { TicksPerSecond = 0, MaxTicks = 5_000, Symbols = ["NVDA", "BRK.B", "T"] }, registry);
        var sink = new RecordingSink();
        market.Run(sink, TestContext.Current.CancellationToken);
        Assert.Equal(3, registry.Count);
        var seen = sink.Ticks.Select(t => registry.Get(t.InstrumentId).Symbol).Distinct().Order().ToArray();
        Assert.Equal(["BRK.B", "NVDA", "T"], seen);
    }

    [Fact]
    public void Constructor_UnknownSymbolOrBadOption_Throws()
    {
        var registry = new InstrumentRegistry();
        var error = Assert.Throws<ArgumentException>(() => new SyntheticMarket(new SyntheticMarketOptions { Symbols = ["NOPE"] }, registry));
        Assert.Contains("NOPE", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SyntheticMarket(new SyntheticMarketOptions { TicksPerSecond = -1 }, registry));
        Assert.Throws<ArgumentException>(() => new SyntheticMarket(new SyntheticMarketOptions { TradeProbability = 2 }, registry));
        Assert.Throws<ArgumentException>(() => new SyntheticMarket(new SyntheticMarketOptions { MaxSpreadTicks = 0 }, registry));
        Assert.Throws<ArgumentException>(() => new SyntheticMarket(
            new SyntheticMarketOptions { Universe = [new SyntheticSymbol("X", 1m, "x") { TickSize = 0.0000000001m }] }, registry));
    }

    [Fact]
    public async Task Run_Paced_FinishesAndTimestampsAreWallClockAndNonDecreasing()
    {
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarket(new SyntheticMarketOptions { TicksPerSecond = 100_000, MaxTicks = 10_000 }, registry);
        var sink = new RecordingSink();
        var before = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        await Task.Run(() => market.Run(sink, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var after = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

        var ticks = sink.Ticks;
        Assert.Equal(10_000, ticks.Length);
        for (var i = 1; i < ticks.Length; i++)
        {
            Assert.True(ticks[i].ExchangeTimeNs >= ticks[i - 1].ExchangeTimeNs);
        }

        // A second of slack either side for the coarse wall clock the monotonic clock is anchored to.
        Assert.InRange(ticks[0].ExchangeTimeNs, before - 1_000_000_000, after + 1_000_000_000);
        Assert.InRange(ticks[^1].ExchangeTimeNs, before - 1_000_000_000, after + 1_000_000_000);
    }

    [Fact]
    public async Task Run_Cancelled_ReturnsPromptly()
    {
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarket(new SyntheticMarketOptions { TicksPerSecond = 1_000 }, registry);
        var sink = new CountingSink();
        using var cts = new CancellationTokenSource();
        var run = Task.Run(() => market.Run(sink, cts.Token), TestContext.Current.CancellationToken);
        Assert.True(Poll.Until(() => market.Counters.TicksRead > 10, TimeSpan.FromSeconds(30)));
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.True(run.IsCompletedSuccessfully);
    }

    [Fact]
    public void Run_100kTicks_AllocatesNothingPerTick()
    {
        var registry = new InstrumentRegistry();
        var warmUp = new SyntheticMarket(new SyntheticMarketOptions { TicksPerSecond = 0, MaxTicks = 20_000 }, registry);
        var market = new SyntheticMarket(new SyntheticMarketOptions { TicksPerSecond = 0, MaxTicks = 100_000 }, registry);
        var sink = new CountingSink();
        warmUp.Run(sink, TestContext.Current.CancellationToken);
        warmUp.Run(sink, TestContext.Current.CancellationToken);

        var cancel = TestContext.Current.CancellationToken;
        var attempts = 0;
        var allocated = Allocation.FewestBytes(() =>
        {
            attempts++;
            market.Run(sink, cancel);
        });

        Assert.Equal(40_000 + (attempts * 100_000), sink.Count);
        Assert.True(allocated < 1_000, $"{allocated} bytes allocated over 100000 ticks");
    }

    private static RawTick[] Record(SyntheticMarketOptions options)
    {
        var market = new SyntheticMarket(options, new InstrumentRegistry());
        var sink = new RecordingSink();
        market.Run(sink, TestContext.Current.CancellationToken);
        return sink.Ticks;
    }

    private static RawTick[] WithoutTime(RawTick[] ticks) =>
        ticks.Select(t => t with { ExchangeTimeNs = 0 }).ToArray();
}
