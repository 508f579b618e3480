using System.Collections.Concurrent;
using TickStream.Testing;
using TickStream.Wire;

namespace TickStream.Client.Tests;

public sealed class TickSubscriberTests
{
    private const ushort Stream = 1;

    private static TickSubscriber Start(TestPublisher publisher, ReceivedTicks received, Action<TickSubscriberOptions>? configure = null)
    {
        var options = new TickSubscriberOptions { Endpoints = { publisher.Endpoint } };
        configure?.Invoke(options);
        return new TickSubscriber(options, (in TickView tick) => received.Add(tick));
    }

    private static void WaitForProbe(TestPublisher publisher, ReceivedTicks received, string symbol = "PROBE", TestPublisher.TopicKind kind = TestPublisher.TopicKind.Quote) =>
        publisher.ProbeUntil(() => received.Any(r => r.StreamId == TestPublisher.ProbeStream && r.Symbol == symbol), symbol, kind);

    [Fact]
    public void Subscribe_Symbol_ReceivesExactlyItsSymbolNeverALongerOne()
    {
        using var publisher = new TestPublisher();
        var received = new ReceivedTicks();
        using var subscriber = Start(publisher, received, o => o.Symbols.Add("AAPL"));
        WaitForProbe(publisher, received, "AAPL");

        for (ulong i = 1; i <= 20; i++)
        {
            publisher.Send(TestFrames.Quote("AAPLX", Stream, (i * 3) - 2, i));
            publisher.Send(TestFrames.Trade("MSFT", Stream, (i * 3) - 1, i));
            publisher.Send(TestFrames.Quote("AAPL", Stream, i * 3, i));
        }

        Poll.Require(() => received.OnStream(Stream).Count >= 20, what: "20 AAPL quotes");
        var mine = received.OnStream(Stream);
        Assert.Equal(20, mine.Count);
        Assert.All(mine, r => Assert.Equal("AAPL", r.Symbol));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (ulong)i), mine.Select(r => r.SymbolSeq));
        Assert.Equal(0, subscriber.Counters.Gaps);
    }

    [Fact]
    public void Subscribe_UnknownSymbol_ReceivesNothing()
    {
        using var publisher = new TestPublisher();
        var received = new ReceivedTicks();
        using var subscriber = Start(publisher, received, o => o.Symbols.Add("ZZZZ"));
        subscriber.SubscribeSymbol("MARK");
        WaitForProbe(publisher, received, "MARK");

        for (ulong i = 1; i <= 10; i++)
        {
            publisher.Send(TestFrames.Quote("AAPL", Stream, i, i));
        }

        publisher.Send(TestFrames.Quote("MARK", Stream, 11, 1));
        Poll.Require(() => received.OnStream(Stream).Count >= 1, what: "the marker");
        Assert.Equal(["MARK"], received.OnStream(Stream).Select(r => r.Symbol));
    }

    [Fact]
    public void SubscribeAndUnsubscribe_WhileRunning_ChangesWhatArrives()
    {
        using var publisher = new TestPublisher();
        var received = new ReceivedTicks();
        using var subscriber = Start(publisher, received);

        subscriber.SubscribeSymbol("MSFT");
        WaitForProbe(publisher, received, "MSFT");
        publisher.Send(TestFrames.Quote("MSFT", Stream, 1, 1));
        Poll.Require(() => received.OnStream(Stream).Count == 1, what: "the first MSFT quote");

        subscriber.UnsubscribeSymbol("MSFT");
        subscriber.SubscribeSymbol("IBM");
        // Subscription changes reach the publisher in order: once IBM arrives, MSFT is no longer taken.
        WaitForProbe(publisher, received, "IBM");
        publisher.Send(TestFrames.Quote("MSFT", Stream, 2, 2));
        publisher.Send(TestFrames.Quote("IBM", Stream, 3, 1));
        Poll.Require(() => received.OnStream(Stream).Count >= 2, what: "the IBM quote");

        Assert.Equal(["MSFT", "IBM"], received.OnStream(Stream).Select(r => r.Symbol));
    }

    [Fact]
    public void SubscribeClass_Quotes_ReceivesEveryQuoteAndNoTrade()
    {
        using var publisher = new TestPublisher();
        var received = new ReceivedTicks();
        using var subscriber = Start(publisher, received);
        subscriber.SubscribeClass(TopicClass.Quote);
        WaitForProbe(publisher, received, "ANY");

        publisher.Send(TestFrames.Trade("AAPL", Stream, 1, 1));
        publisher.Send(TestFrames.Quote("AAPL", Stream, 2, 1));
        publisher.Send(TestFrames.Quote("MSFT", Stream, 3, 1));
        publisher.Send(TestFrames.Trade("MSFT", Stream, 4, 1));
        publisher.Send(TestFrames.Quote("IBM", Stream, 5, 1));
        Poll.Require(() => received.OnStream(Stream).Count >= 3, what: "three quotes");

        var mine = received.OnStream(Stream);
        Assert.Equal(["AAPL", "MSFT", "IBM"], mine.Select(r => r.Symbol));
        Assert.All(mine, r => Assert.Equal(TickKind.Quote, r.Kind));
    }

    [Fact]
    public void SubscribeClass_Trades_ThenAll_ReceivesEverything()
    {
        using var publisher = new TestPublisher();
        var received = new ReceivedTicks();
        using var subscriber = Start(publisher, received);
        subscriber.SubscribeClass(TopicClass.Trade);
        WaitForProbe(publisher, received, "ANY", TestPublisher.TopicKind.Trade);
        publisher.Send(TestFrames.Quote("AAPL", Stream, 1, 1));
        publisher.Send(TestFrames.Trade("AAPL", Stream, 2, 1));
        Poll.Require(() => received.OnStream(Stream).Count >= 1, what: "the trade");

        subscriber.SubscribeAll();
        WaitForProbe(publisher, received, "ALL");
        publisher.Send(TestFrames.Quote("AAPL", Stream, 3, 2));
        Poll.Require(() => received.OnStream(Stream).Count >= 2, what: "the quote");

        Assert.Equal([(TickKind.Trade, 1UL), (TickKind.Quote, 2UL)], received.OnStream(Stream).Select(r => (r.Kind, r.SymbolSeq)));
    }

    [Fact]
    public void Gap_WhenPublisherSkipsSequences_ReportsExactMissingRanges()
    {
        using var publisher = new TestPublisher();
        var received = new ReceivedTicks();
        var gaps = new ConcurrentQueue<GapDetectedEventArgs>();
        using var subscriber = Start(publisher, received, o => o.Symbols.Add("AAPL"));
        subscriber.GapDetected += (_, gap) => gaps.Enqueue(gap);
        WaitForProbe(publisher, received, "AAPL");

        ulong[] sequences = [1, 2, 3, 7, 8, 12];
        foreach (var seq in sequences)
        {
            publisher.Send(TestFrames.Quote("AAPL", Stream, seq, seq));
        }

        // Trades count on their own: trade 1 after quote 12 is not a gap.
        publisher.Send(TestFrames.Trade("AAPL", Stream, 13, 1));
        Poll.Require(() => received.OnStream(Stream).Count >= 7, what: "all frames");

        Assert.Equal([(4UL, 6UL), (9UL, 11UL)], gaps.Select(g => (g.FirstMissing, g.LastMissing)));
        Assert.All(gaps, g => Assert.Equal(("AAPL", TickKind.Quote, Stream), (g.Symbol, g.Kind, g.StreamId)));
        var counters = subscriber.Counters;
        Assert.Equal(2, counters.Gaps);
        Assert.Equal(6, counters.MissingFrames);
    }

    [Fact]
    public void Metrics_ReportGapsFramesAndLatencyOfTheSubscriber()
    {
        using var publisher = new TestPublisher();
        var received = new ReceivedTicks();
        using var subscriber = Start(publisher, received, o => o.Symbols.Add("AAPL"));
        using var metrics = new SubscriberMetrics(subscriber);
        WaitForProbe(publisher, received, "AAPL");
        foreach (var seq in (ulong[])[1, 2, 5])
        {
            publisher.Send(TestFrames.Quote("AAPL", Stream, seq, seq));
        }

        Poll.Require(() => received.OnStream(Stream).Count >= 3, what: "the quotes");

        var values = new Dictionary<string, double>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SubscriberMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(System.Diagnostics.Metrics.Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var name = instrument.Name;
            foreach (var tag in tags)
            {
                if (tag.Key is "type" or "le" or "cause")
                {
                    name += "/" + tag.Value;
                }
            }

            values[name] = value;
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(1, values["gaps"]);
        Assert.Equal(2, values["missing_frames"]);
        Assert.True(values["frames/quote"] >= 3);
        // The latency histogram is cumulative: each bucket holds at least the one below it, +Inf all of them.
        Assert.True(values["latency_seconds_count"] >= 1);
        Assert.Equal(values["latency_seconds_count"], values["latency_seconds_bucket/+Inf"]);
        Assert.True(values["latency_seconds_bucket/1"] >= values["latency_seconds_bucket/0.001"]);
        Assert.True(values["latency_seconds_sum"] >= 0);
    }

    [Fact]
    public void Duplicates_AndOutOfOrderFrames_AreDroppedAndCounted()
    {
        using var publisher = new TestPublisher();
        var received = new ReceivedTicks();
        using var subscriber = Start(publisher, received, o => o.Symbols.Add("AAPL"));
        WaitForProbe(publisher, received, "AAPL");

        ulong[] sequences = [1, 2, 2, 3, 1, 4];
        foreach (var seq in sequences)
        {
            publisher.Send(TestFrames.Quote("AAPL", Stream, seq, seq));
        }

        Poll.Require(() => received.OnStream(Stream).Any(r => r.SymbolSeq == 4), what: "sequence 4");
        Assert.Equal([1UL, 2, 3, 4], received.OnStream(Stream).Select(r => r.SymbolSeq));
        Assert.Equal(2, subscriber.Counters.Duplicates);
        Assert.Equal(0, subscriber.Counters.Gaps);
    }

    [Fact]
    public void StreamStart_NewSession_ResetsSequencesWithoutFalseGap()
    {
        using var publisher = new TestPublisher();
        var received = new ReceivedTicks();
        var restarts = new ConcurrentQueue<StreamEventArgs>();
        using var subscriber = Start(publisher, received, o => o.Symbols.Add("AAPL"));
        subscriber.StreamRestarted += (_, e) => restarts.Enqueue(e);
        WaitForProbe(publisher, received, "AAPL");

        publisher.Send(TestFrames.StreamStart(Stream, sessionId: 11));
        for (ulong i = 1; i <= 5; i++)
        {
            publisher.Send(TestFrames.Quote("AAPL", Stream, i, i));
        }

        // The same session again (a gateway republishing to a late joiner) changes nothing: 5 stays a duplicate.
        publisher.Send(TestFrames.StreamStart(Stream, sessionId: 11));
        publisher.Send(TestFrames.Quote("AAPL", Stream, 5, 5));
        publisher.Send(TestFrames.StreamStart(Stream, sessionId: 22));
        for (ulong i = 1; i <= 3; i++)
        {
            publisher.Send(TestFrames.Quote("AAPL", Stream, i, i));
        }

        Poll.Require(() => received.OnStream(Stream).Count(r => r.Kind == TickKind.Quote) >= 8, what: "eight quotes");
        Assert.Equal([1UL, 2, 3, 4, 5, 1, 2, 3], received.OnStream(Stream).Where(r => r.Kind == TickKind.Quote).Select(r => r.SymbolSeq));
        var counters = subscriber.Counters;
        Assert.Equal(0, counters.Gaps);
        Assert.Equal(1, counters.Duplicates);
        Assert.Equal(1, counters.Restarts);
        Assert.Equal([22UL], restarts.Select(r => r.Value));
    }

    [Fact]
    public void StreamStart_FirstSeenAfterTicksOfANewerSession_IsARestart()
    {
        using var publisher = new TestPublisher();
        var received = new ReceivedTicks();
        using var subscriber = Start(publisher, received, o => o.Symbols.Add("AAPL"));
        WaitForProbe(publisher, received, "AAPL");

        // Joined mid-stream at 500; the stream then restarts: its StreamStart is newer than the ticks seen.
        var past = (ulong)TestFrames.NowNs() - 1_000_000_000UL;
        publisher.Send(TestFrames.Quote("AAPL", Stream, 500, 500, ingestNs: past));
        publisher.Send(TestFrames.StreamStart(Stream, sessionId: 5));
        publisher.Send(TestFrames.Quote("AAPL", Stream, 1, 1));
        Poll.Require(() => received.OnStream(Stream).Count(r => r.Kind == TickKind.Quote) >= 2, what: "two quotes");

        Assert.Equal([500UL, 1], received.OnStream(Stream).Where(r => r.Kind == TickKind.Quote).Select(r => r.SymbolSeq));
        Assert.Equal(0, subscriber.Counters.Duplicates);
        Assert.Equal(0, subscriber.Counters.Gaps);
    }

    [Fact]
    public void HeartbeatTimeout_RaisesStale_AndAFrameRaisesRecovered()
    {
        using var publisher = new TestPublisher();
        var received = new ReceivedTicks();
        var stale = new ConcurrentQueue<ushort>();
        var recovered = new ConcurrentQueue<ushort>();
        using var subscriber = Start(publisher, received, o => o.HeartbeatTimeout = TimeSpan.FromMilliseconds(300));
        subscriber.StreamStale += (_, e) => stale.Enqueue(e.StreamId);
        subscriber.StreamRecovered += (_, e) => recovered.Enqueue(e.StreamId);

        // Heartbeats are always subscribed: the first one seen proves the subscription live.
        Poll.Require(() => subscriber.Counters.Heartbeats > 0, () => publisher.Send(TestFrames.Heartbeat(Stream, 0)), what: "a heartbeat");

        Poll.Require(() => stale.Contains(Stream), what: "the stale event");
        Assert.Empty(recovered);
        Assert.True(subscriber.Counters.StaleEvents >= 1);

        publisher.Send(TestFrames.Heartbeat(Stream, 0));
        Poll.Require(() => recovered.Contains(Stream), what: "the recovered event");
    }

    [Fact]
    public void Heartbeat_AboveTheLastStreamSeq_WhileTakingEverything_IsATailLoss()
    {
        using var publisher = new TestPublisher();
        var received = new ReceivedTicks();
        var losses = new ConcurrentQueue<StreamEventArgs>();
        using var subscriber = Start(publisher, received, o => o.SubscribeAll = true);
        subscriber.TailLossDetected += (_, e) => losses.Enqueue(e);
        WaitForProbe(publisher, received);

        publisher.Send(TestFrames.Heartbeat(Stream, 10));
        publisher.Send(TestFrames.Quote("AAPL", Stream, 11, 1));
        publisher.Send(TestFrames.Trade("AAPL", Stream, 12, 1));
        publisher.Send(TestFrames.Heartbeat(Stream, 12));
        publisher.Send(TestFrames.Heartbeat(Stream, 15));
        Poll.Require(() => received.OnStream(Stream).Count(r => r.Kind == TickKind.Heartbeat) >= 3, what: "three heartbeats");

        Assert.Equal(3, subscriber.Counters.TailLosses);
        Assert.Equal([(Stream, 3UL)], losses.Select(e => (e.StreamId, e.Value)));
    }

    [Fact]
    public void Latency_IsRecordedPerKind()
    {
        using var publisher = new TestPublisher();
        var received = new ReceivedTicks();
        using var subscriber = Start(publisher, received, o => o.Symbols.Add("AAPL"));
        WaitForProbe(publisher, received, "AAPL");

        // Probes sent before the first one arrived may still be in flight (on a busy machine, several): wait for
        // the last of them, so that every latency recorded from here on is one of the 70 below.
        publisher.DrainProbes(seq => received.Any(r => r.StreamId == TestPublisher.ProbeStream && r.Symbol == "AAPL" && r.SymbolSeq == seq), "AAPL");
        var before = subscriber.Latency.Snapshot().TotalCount;

        for (ulong i = 1; i <= 50; i++)
        {
            publisher.Send(TestFrames.Quote("AAPL", Stream, i, i));
        }

        for (ulong i = 1; i <= 20; i++)
        {
            publisher.Send(TestFrames.Trade("AAPL", Stream, 50 + i, i));
        }

        Poll.Require(() => received.OnStream(Stream).Count >= 70, what: "70 frames");
        Assert.Equal(before + 70, subscriber.Latency.Snapshot().TotalCount);
        Assert.Equal(20, subscriber.Latency.Snapshot(TickKind.Trade).TotalCount);
        Assert.Equal(0, subscriber.Latency.Snapshot(TickKind.BookUpdate).TotalCount);
        var quotes = subscriber.Latency.Snapshot(TickKind.Quote);
        Assert.True(quotes.TotalCount >= 50);
        Assert.InRange(quotes.GetValueAtPercentile(50), 1, LatencyRecorder.HighestNs);

        var interval = subscriber.Latency.TakeInterval();
        Assert.Equal(subscriber.Latency.Snapshot().TotalCount, interval.TotalCount);
        Assert.Equal(0, subscriber.Latency.TakeInterval().TotalCount);
    }

    [Fact]
    public void Latency_FromTheFuture_IsCountedOutOfRangeNotRecorded()
    {
        using var publisher = new TestPublisher();
        var received = new ReceivedTicks();
        using var subscriber = Start(publisher, received, o => o.Symbols.Add("AAPL"));
        WaitForProbe(publisher, received, "AAPL");

        // Probes still in flight may be recorded meanwhile: what must not be recorded is the negative latency.
        publisher.Send(TestFrames.Quote("AAPL", Stream, 1, 1, ingestNs: (ulong)TestFrames.NowNs() + 3_600_000_000_000UL));
        Poll.Require(() => received.OnStream(Stream).Count >= 1, what: "the quote");
        var latency = subscriber.Latency.Snapshot();
        Assert.True(latency.TotalCount == 0 || latency.GetValueAtPercentile(100) < 60_000_000_000L, $"max {latency.GetValueAtPercentile(100)} ns");
        Assert.Equal(1, subscriber.Counters.LatencyOutOfRange);
    }

    [Fact]
    public void Malformed_Messages_AreCountedAndDroppedNeverThrown()
    {
        using var publisher = new TestPublisher();
        var received = new ReceivedTicks();
        using var subscriber = Start(publisher, received, o => o.SubscribeAll = true);
        WaitForProbe(publisher, received);

        var good = TestFrames.Quote("AAPL", Stream, 1, 1);
        var wrongSchema = (byte[])good.Clone();
        wrongSchema[7 + 4] = 101;
        var trade = TestFrames.Trade("AAPL", Stream, 1, 1);
        publisher.Send("no topic terminator here at all"u8.ToArray());
        publisher.Send(wrongSchema);
        publisher.Send(good[..20]);
        publisher.Send(TestFrames.WithTopic("Q.AAPL|", trade[7..]));
        publisher.Send(good);
        Poll.Require(() => received.OnStream(Stream).Count >= 1, what: "the good quote");

        Assert.Equal(4, subscriber.Counters.Malformed);
        Assert.Single(received.OnStream(Stream));
    }

    [Fact]
    public void Handler_ThatThrows_IsCountedAndReceivingGoesOn()
    {
        using var publisher = new TestPublisher();
        var seen = 0;
        var options = new TickSubscriberOptions { Endpoints = { publisher.Endpoint }, Symbols = { "AAPL" } };
        using var subscriber = new TickSubscriber(options, (in TickView tick) =>
        {
            if (Interlocked.Increment(ref seen) == 1)
            {
                throw new InvalidOperationException("handler bug");
            }
        });
        publisher.ProbeUntil(() => Volatile.Read(ref seen) >= 2, "AAPL");

        Assert.True(subscriber.Counters.HandlerFaults >= 1);
        Assert.IsType<InvalidOperationException>(subscriber.LastHandlerFault);
    }

    [Fact]
    public async Task ReadAllAsync_YieldsRecordsWithValues()
    {
        using var publisher = new TestPublisher();
        var received = new ReceivedTicks();
        using var subscriber = Start(publisher, received, o => o.Symbols.Add("AAPL"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Poll.DefaultDeadline);
        var records = subscriber.ReadAllAsync(timeout.Token);
        Assert.Throws<InvalidOperationException>(() => subscriber.ReadAllAsync(TestContext.Current.CancellationToken));
        WaitForProbe(publisher, received, "AAPL");
        publisher.Send(TestFrames.Trade("AAPL", Stream, 1, 1, price: 190_010_000_000, size: 42));

        TickRecord trade = default;
        await foreach (var record in records)
        {
            if (record.StreamId == Stream)
            {
                trade = record;
                break;
            }
        }

        Assert.Equal(TickKind.Trade, trade.Kind);
        Assert.Equal("AAPL", trade.Symbol);
        Assert.Equal(190.01m, Price9.ToDecimal(trade.Price));
        Assert.Equal(42, trade.Size);
        Assert.Equal(1UL, trade.SymbolSeq);
        Assert.True(trade.ReceiveTimeNs > 0);
    }

    [Fact]
    public void Connect_MalformedEndpoint_ThrowsArgumentExceptionThatNamesIt()
    {
        var options = new TickSubscriberOptions { Endpoints = { "tcp//nowhere" } };
        var error = Assert.Throws<ArgumentException>(() => new TickSubscriber(options));
        Assert.Contains("tcp//nowhere", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Subscribe_InvalidSymbol_Throws()
    {
        using var publisher = new TestPublisher();
        using var subscriber = new TickSubscriber(new TickSubscriberOptions { Endpoints = { publisher.Endpoint } });
        Assert.Throws<ArgumentException>(() => subscriber.SubscribeSymbol("aapl|"));
    }

    [Fact]
    public void Dispose_FromItsOwnHandler_StopsTheReceiveThread()
    {
        using var publisher = new TestPublisher();
        TickSubscriber? self = null;
        var options = new TickSubscriberOptions { Endpoints = { publisher.Endpoint }, Symbols = { "AAPL" } };
        using var subscriber = new TickSubscriber(options, (in TickView tick) => Volatile.Read(ref self)?.Dispose());
        Volatile.Write(ref self, subscriber);
        publisher.ProbeUntil(() => !subscriber.ReceiveThreadAlive, "AAPL");

        Assert.False(subscriber.ReceiveThreadAlive);
        Assert.Null(subscriber.ReceiveFault);
    }

    [Fact]
    public void Dispose_StopsTheReceiveThread()
    {
        using var publisher = new TestPublisher();
        var subscriber = new TickSubscriber(new TickSubscriberOptions { Endpoints = { publisher.Endpoint } });
        Assert.True(subscriber.ReceiveThreadAlive);
        subscriber.Dispose();
        Assert.False(subscriber.ReceiveThreadAlive);
        Assert.Throws<ObjectDisposedException>(() => subscriber.SubscribeSymbol("AAPL"));
    }
}
