using System.Diagnostics;
using NetMQ;
using NetMQ.Sockets;
using TickStream.Sources;
using TickStream.Wire;

namespace TickStream.FeedHandler.Tests;

/// <summary>The feed handler end to end: sources, ring, PUB socket and a real subscriber on loopback.</summary>
public sealed class FeedEngineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    internal static FeedHandlerOptions LoopbackOptions() => new()
    {
        Publish = "tcp://127.0.0.1:*",
        HeartbeatInterval = TimeSpan.FromMilliseconds(100),
        RingSize = 1024,
    };

    internal static void WaitForSubscriptions(FeedEngine engine, int count)
    {
        var clock = Stopwatch.StartNew();
        while (engine.Counters.Subscriptions < count && clock.Elapsed < Deadline)
        {
            Thread.Sleep(5);
        }

        Assert.True(engine.Counters.Subscriptions >= count, $"only {engine.Counters.Subscriptions} of {count} subscriptions arrived");
    }

    [Fact]
    public async Task Synthetic_OneSymbolSubscriber_GetsEveryFrameOfItInOrderWithoutGaps()
    {
        var market = new SyntheticMarketOptions { Seed = 7, TicksPerSecond = 0, MaxTicks = 20_000, Symbols = ["AAPL", "MSFT", "SPY"] };
        var expected = CountTicks(market, "AAPL");
        var registry = new InstrumentRegistry();
        using var engine = new FeedEngine(LoopbackOptions(), [new SyntheticMarket(market, registry)], registry);
        engine.StartPublisher();
        using var collector = new FrameCollector(engine.Endpoint, "T.AAPL|", "Q.AAPL|");
        WaitForSubscriptions(engine, 2);

        engine.StartSources();
        await engine.SourcesCompleted.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Assert.True(engine.Stop());
        Assert.True(collector.WaitUntil(c => c.Count >= expected.Trades + expected.Quotes, Deadline),
            $"received {collector.Count} of {expected.Trades + expected.Quotes}");

        AssertContiguous(collector.Frames("T.AAPL|"), expected.Trades, isTrade: true);
        AssertContiguous(collector.Frames("Q.AAPL|"), expected.Quotes, isTrade: false);
        Assert.Equal(expected.Trades + expected.Quotes, collector.Count);
        Assert.Equal(20_000, engine.Counters.TicksIn);
    }

    [Fact]
    public async Task Subscribe_AAPL_NeverReceivesAAPLX()
    {
        using var files = new TempDirectory();
        var csv = files.Write("ticks.csv", """
            time,symbol,type,price,size,side,bid,bid_size,ask,ask_size
            2024-03-01T14:30:00Z,AAPLX,T,10.5,100,B,,,,
            2024-03-01T14:30:00Z,AAPL,T,190.01,200,S,,,,
            2024-03-01T14:30:01Z,AAPLX,Q,,,,10.4,100,10.6,100
            2024-03-01T14:30:01Z,AAPL,Q,,,,190,100,190.02,300
            2024-03-01T14:30:02Z,AAPL.B,T,5,100,B,,,,
            """);
        var registry = new InstrumentRegistry();
        using var engine = new FeedEngine(LoopbackOptions(), [new CsvTickFileSource(csv, registry)], registry);
        engine.StartPublisher();
        using var exact = new FrameCollector(engine.Endpoint, "T.AAPL|", "Q.AAPL|");
        using var everyQuote = new FrameCollector(engine.Endpoint, "Q.");
        WaitForSubscriptions(engine, 3);

        engine.StartSources();
        await engine.SourcesCompleted.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Assert.True(engine.Stop());
        Assert.True(exact.WaitUntil(c => c.Count >= 2, Deadline));
        Assert.True(everyQuote.WaitUntil(c => c.Count >= 2, Deadline));

        foreach (var message in exact.Snapshot())
        {
            Assert.True(Topic.TrySplit(message, out var topic, out _));
            Assert.Equal("AAPL"u8.ToArray(), Topic.SymbolOf(topic).ToArray());
        }

        Assert.Equal(2, exact.Count);
        Assert.Equal(2, everyQuote.Count);
    }

    [Fact]
    public async Task Csv_MalformedRows_AreCountedAndEveryGoodRowArrives()
    {
        using var files = new TempDirectory();
        var csv = files.Write("bad.csv", """
            time,symbol,type,price,size,side,bid,bid_size,ask,ask_size
            2024-03-01T14:30:00Z,MSFT,T,419.5,100,B,,,,
            2024-03-01T14:30:00Z,MSFT,T,41x.5,100,B,,,,
            2024-03-01T14:30:01Z,MSFT,Z,,,,1,1,2,2
            2024-03-01T14:30:01Z,MSFT,Q,,,,419.4,100,419.6,100
            not,enough,columns
            2024-03-01T14:30:02Z,MSFT,T,419.6,300,S,,,,
            """);
        var registry = new InstrumentRegistry();
        var source = new CsvTickFileSource(csv, registry);
        var errors = new List<SourceError>();
        source.Counters.ErrorReported += errors.Add;
        using var engine = new FeedEngine(LoopbackOptions(), [source], registry);
        engine.StartPublisher();
        using var collector = new FrameCollector(engine.Endpoint, "T.MSFT|", "Q.MSFT|");
        WaitForSubscriptions(engine, 2);

        engine.StartSources();
        await engine.SourcesCompleted.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        Assert.True(engine.Stop());
        Assert.True(collector.WaitUntil(c => c.Count >= 3, Deadline));

        Assert.Equal(3, source.Counters.Malformed);
        Assert.Equal(["bad.csv:3", "bad.csv:4", "bad.csv:6"], errors.Select(e => e.Location).ToArray());
        var trades = collector.Frames("T.MSFT|");
        Assert.Equal(2, trades.Count);
        Assert.True(TradeDecoder.TryWrap(trades[1], out var last, out _));
        Assert.Equal(419_600_000_000, last.Price.Mantissa);
        Assert.Equal(300, last.Size);
        Assert.Single(collector.Frames("Q.MSFT|"));
        Assert.Equal(3, engine.Counters.TicksIn);
    }

    [Fact]
    public void Pull_TicksPushedByNetMQ_ArePublished()
    {
        var registry = new InstrumentRegistry();
        using var pull = new PullTickSource(new PullTickSourceOptions { Endpoint = "@tcp://127.0.0.1:*" }, registry);
        using var engine = new FeedEngine(LoopbackOptions(), [pull], registry);
        engine.StartPublisher();
        using var collector = new FrameCollector(engine.Endpoint, "T.", "Q.");
        WaitForSubscriptions(engine, 2);
        engine.StartSources();

        using (var push = new PushSocket())
        {
            push.Options.Linger = TimeSpan.FromSeconds(5);
            push.Connect(pull.LastEndpoint);
            push.SendFrame("2024-03-01T14:30:00Z,IBM,T,190.5,200,B,,,,,77");
            push.SendFrame("garbage");
            push.SendFrame("1709303400200000000,IBM,Q,,,,190.4,100,190.6,200");
        }

        Assert.True(collector.WaitUntil(c => c.Count >= 2, Deadline), $"received {collector.Count}");
        Assert.True(TradeDecoder.TryWrap(collector.Frames("T.IBM|")[0], out var trade, out _));
        Assert.Equal(77UL, trade.TradeId);
        Assert.Equal(Wire.AggressorSide.Buy, trade.AggressorSide);
        Assert.True(QuoteDecoder.TryWrap(collector.Frames("Q.IBM|")[0], out var quote, out _));
        Assert.Equal(190_400_000_000, quote.BidPrice.Mantissa);
        Assert.Equal(200, quote.AskSize);
        var clock = Stopwatch.StartNew();
        while (pull.Counters.Malformed < 1 && clock.Elapsed < Deadline)
        {
            Thread.Sleep(5);
        }

        Assert.Equal(1, pull.Counters.Malformed);
        Assert.True(engine.Stop());
    }

    [Fact]
    public void Stop_WhileTicksAreInTheRing_PublishesEveryTickRead()
    {
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarketOptions { Seed = 3, TicksPerSecond = 0, Symbols = ["AAPL", "MSFT"] };
        using var engine = new FeedEngine(LoopbackOptions(), [new SyntheticMarket(market, registry)], registry);
        engine.StartPublisher();
        using var collector = new FrameCollector(engine.Endpoint, "T.", "Q.");
        WaitForSubscriptions(engine, 2);

        engine.StartSources();
        var clock = Stopwatch.StartNew();
        while (engine.Counters.TicksIn < 50_000 && clock.Elapsed < Deadline)
        {
            Thread.Sleep(1);
        }

        Assert.True(engine.Stop(), "the ring drained");
        var read = engine.Counters.TicksIn;
        Assert.True(collector.WaitUntil(c => c.Count >= read, Deadline), $"received {collector.Count} of {read}");
        Assert.Equal(read, collector.Count);
        Assert.Equal(0, engine.Counters.Dropped);
    }

    [Fact]
    public void IdleStream_SendsStreamStartThenHeartbeatsCarryingTheLastSequence()
    {
        var registry = new InstrumentRegistry();
        using var pull = new PullTickSource(new PullTickSourceOptions { Endpoint = "@tcp://127.0.0.1:*" }, registry);
        using var engine = new FeedEngine(LoopbackOptions(), [pull], registry);
        engine.StartPublisher();
        using var collector = new FrameCollector(engine.Endpoint, "H|", "S|", "T.");
        WaitForSubscriptions(engine, 3);
        engine.StartSources();

        Assert.True(collector.WaitUntil(c => c.Frames("H|").Count >= 2, Deadline));
        var start = collector.Frames("S|");
        Assert.Single(start);
        Assert.True(StreamStartDecoder.TryWrap(start[0], out var streamStart, out _));
        Assert.Equal(1, streamStart.StreamId);
        Assert.NotEqual(0UL, streamStart.SessionId);

        using (var push = new PushSocket())
        {
            push.Options.Linger = TimeSpan.FromSeconds(5);
            push.Connect(pull.LastEndpoint);
            push.SendFrame("2024-03-01T14:30:00Z,IBM,T,190.5,200,B,,,,");
        }

        Assert.True(collector.WaitUntil(c => c.Frames("T.").Count == 1, Deadline));
        Assert.True(collector.WaitUntil(c => LastHeartbeatSeq(c) == 1, Deadline), "a heartbeat after the trade carries its stream sequence");
        Assert.True(engine.Stop());
    }

    [Fact]
    public async Task Journal_HoldsEveryPublishedFrameByteForByte()
    {
        using var files = new TempDirectory();
        var options = LoopbackOptions();
        options.JournalDirectory = Path.Combine(files.Root, "journal");
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarketOptions { Seed = 5, TicksPerSecond = 0, MaxTicks = 5_000, Symbols = ["AAPL", "MSFT"] };
        using (var engine = new FeedEngine(options, [new SyntheticMarket(market, registry)], registry))
        {
            engine.StartPublisher();
            using var collector = new FrameCollector(engine.Endpoint, "T.", "Q.", "I.", "S|");
            WaitForSubscriptions(engine, 4);
            engine.StartSources();
            await engine.SourcesCompleted.WaitAsync(Deadline, TestContext.Current.CancellationToken);
            Assert.True(engine.Stop());

            // StreamStart, two instrument definitions, 5000 ticks.
            Assert.True(collector.WaitUntil(c => c.Count >= 5_003, Deadline), $"received {collector.Count}");
            var published = collector.Snapshot();
            using var reader = Journal.JournalReader.Open(options.JournalDirectory, new Journal.JournalReadOptions());
            var index = 0;
            var heartbeats = 0;
            foreach (var record in reader)
            {
                // The heartbeats sent are journaled too (the collector does not take them; JournalHeartbeatsTests
                // and the replay tests check them).
                if (record.Message.StartsWith("H|"u8))
                {
                    heartbeats++;
                    continue;
                }

                Assert.True(index < published.Count, "the journal holds no more than was published");
                Assert.Equal(published[index], record.Message.ToArray());
                index++;
            }

            Assert.Equal(published.Count, index);
            Assert.True(heartbeats <= engine.Counters.Heartbeats, $"journaled {heartbeats} heartbeats of {engine.Counters.Heartbeats} sent");
        }
    }

    private static ulong LastHeartbeatSeq(FrameCollector collector)
    {
        var beats = collector.Frames("H|");
        return beats.Count > 0 && HeartbeatDecoder.TryWrap(beats[^1], out var beat, out _) ? beat.StreamSeq : ulong.MaxValue;
    }

    private static void AssertContiguous(List<byte[]> frames, int expected, bool isTrade)
    {
        Assert.Equal(expected, frames.Count);
        ulong lastStreamSeq = 0;
        for (var i = 0; i < frames.Count; i++)
        {
            ulong symbolSeq;
            ulong streamSeq;
            if (isTrade)
            {
                Assert.True(TradeDecoder.TryWrap(frames[i], out var trade, out var error), error.ToString());
                Assert.Equal("AAPL", trade.GetSymbolString());
                (symbolSeq, streamSeq) = (trade.SymbolSeq, trade.StreamSeq);
            }
            else
            {
                Assert.True(QuoteDecoder.TryWrap(frames[i], out var quote, out var error), error.ToString());
                Assert.Equal("AAPL", quote.GetSymbolString());
                Assert.True(quote.BidPrice.Mantissa < quote.AskPrice.Mantissa);
                (symbolSeq, streamSeq) = (quote.SymbolSeq, quote.StreamSeq);
            }

            Assert.Equal((ulong)(i + 1), symbolSeq);
            Assert.True(streamSeq > lastStreamSeq);
            lastStreamSeq = streamSeq;
        }
    }

    internal static (int Trades, int Quotes) CountTicks(SyntheticMarketOptions options, string symbol)
    {
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarket(options, registry);
        var counter = new CountingSink(registry, symbol);
        market.Run(counter, CancellationToken.None);
        return (counter.Trades, counter.Quotes);
    }

    private sealed class CountingSink(InstrumentRegistry registry, string symbol) : ITickSink
    {
        private readonly int _id = registry.TryGetId(symbol, out var id) ? id : -1;

        public int Trades { get; private set; }

        public int Quotes { get; private set; }

        public void OnTick(ref RawTick tick)
        {
            if (tick.InstrumentId != _id)
            {
                return;
            }

            if (tick.Kind == TickKind.Trade)
            {
                Trades++;
            }
            else
            {
                Quotes++;
            }
        }
    }
}
