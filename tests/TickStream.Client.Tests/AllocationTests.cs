using TickStream.Testing;

namespace TickStream.Client.Tests;

public sealed class AllocationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReceivePath_InSteadyState_AllocatesNothingPerFrame(bool repair)
    {
        using var publisher = new TestPublisher();

        // With a request endpoint, a frame without a gap must cost nothing more: repair work starts only at a gap.
        using var server = repair ? new TickStream.Testing.FakeRequestServer() : null;
        long seen = 0;
        long checksum = 0;
        var options = new TickSubscriberOptions { Endpoints = { publisher.Endpoint }, Symbols = { "AAPL", "MSFT" }, RequestEndpoint = server?.Endpoint };
        using var subscriber = new TickSubscriber(options, (in TickView tick) =>
        {
            // Reads every kind of field through the view, as a real handler would.
            checksum += (long)tick.SymbolSeq + tick.Symbol.Length + tick.LatencyNs;
            if (tick.Kind == TickKind.Quote)
            {
                checksum += tick.BidPrice + tick.AskSize;
            }
            else if (tick.Kind == TickKind.Trade)
            {
                checksum += tick.TradePrice + tick.TradeSize;
            }

            Interlocked.Increment(ref seen);
        });
        publisher.ProbeUntil(() => Interlocked.Read(ref seen) > 0, "AAPL");

        // Warm up: every symbol, class, stream and code path has been seen and jitted.
        var frames = new List<byte[]>();
        for (ulong i = 1; i <= 4000; i++)
        {
            frames.Add(TestFrames.Quote("AAPL", 1, i, i));
            frames.Add(TestFrames.Trade("MSFT", 1, i, i));
            if (i % 100 == 0)
            {
                frames.Add(TestFrames.Heartbeat(1, i));
            }
        }

        var warmUp = frames.Count / 2;
        var start = Interlocked.Read(ref seen);
        for (var i = 0; i < warmUp; i++)
        {
            publisher.Send(frames[i]);
        }

        Poll.Require(() => Interlocked.Read(ref seen) >= start + warmUp, what: "the warm-up frames");

        subscriber.MeasureAllocations = true;
        var measured = frames.Count - warmUp;
        for (var i = warmUp; i < frames.Count; i++)
        {
            publisher.Send(frames[i]);
        }

        Poll.Require(() => subscriber.MeasuredFrames >= measured, what: "the measured frames");
        subscriber.MeasureAllocations = false;

        Assert.Equal(0, subscriber.Counters.Gaps);
        Assert.Equal(0, subscriber.Counters.RepairRequests);
        Assert.Equal(0, subscriber.MeasuredAllocatedBytes);
        Assert.NotEqual(0, checksum);
    }

    [Fact]
    public void ReceivePath_WithRecordsRequested_AllocatesNothingPerFrame()
    {
        using var publisher = new TestPublisher();
        var options = new TickSubscriberOptions { Endpoints = { publisher.Endpoint }, Symbols = { "AAPL" }, RecordBufferCapacity = 1024 };
        using var subscriber = new TickSubscriber(options);
        _ = subscriber.ReadAllAsync(TestContext.Current.CancellationToken);
        publisher.ProbeUntil(() => subscriber.Counters.Quotes > 0, "AAPL");

        for (ulong i = 1; i <= 3000; i++)
        {
            publisher.Send(TestFrames.Quote("AAPL", 1, i, i));
        }

        Poll.Require(() => subscriber.Counters.Quotes >= 3001, what: "the warm-up quotes");
        subscriber.MeasureAllocations = true;
        for (ulong i = 3001; i <= 6000; i++)
        {
            publisher.Send(TestFrames.Quote("AAPL", 1, i, i));
        }

        Poll.Require(() => subscriber.MeasuredFrames >= 3000, what: "the measured quotes");
        subscriber.MeasureAllocations = false;

        // Nobody reads: the buffer stays full and the oldest records are dropped, counted, without allocating.
        Assert.True(subscriber.Counters.RecordsDropped > 0);
        Assert.Equal(0, subscriber.MeasuredAllocatedBytes);
    }
}
