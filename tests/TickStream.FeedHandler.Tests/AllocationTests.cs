using NetMQ;
using NetMQ.Sockets;
using TickStream.Disruptor;
using TickStream.Sources;

namespace TickStream.FeedHandler.Tests;

/// <summary>
/// Steady state allocates nothing per tick in our code from the source to the PUB send call; what NetMQ allocates
/// inside Send is measured beside raw NetMQ sending the same frames from memory.
/// </summary>
public sealed class AllocationTests
{
    private const int Warmup = 20_000;
    private const int Measured = 100_000;

    [Fact]
    public void SourceThread_NormaliseIntoRing_AllocatesNothingPerTick()
    {
        var registry = new InstrumentRegistry();
        using var pipeline = new RingPipeline<FrameSlot>(1 << 12, ProducerType.Single, new YieldingWaitStrategy());
        pipeline.HandleEventsWith(new DiscardHandler());
        pipeline.Start();
        var counters = new FeedCounters();
        var normaliser = new StreamNormaliser(1, "synthetic", 1, pipeline.RingBuffer, registry, counters);
        var warm = new SyntheticMarket(new SyntheticMarketOptions { Seed = 1, TicksPerSecond = 0, MaxTicks = Warmup }, registry);
        warm.Run(normaliser, TestContext.Current.CancellationToken);
        var cancel = TestContext.Current.CancellationToken;
        var attempts = 0;

        // Each attempt runs a market of its own over the same ticks.
        var allocated = Allocation.FewestBytes(
            () =>
            {
                attempts++;
                return new SyntheticMarket(new SyntheticMarketOptions { Seed = 2, TicksPerSecond = 0, MaxTicks = Measured }, registry);
            },
            market => market.Run(normaliser, cancel));

        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(30)));
        Assert.Equal(Warmup + (attempts * Measured), counters.TicksIn);

        // A Run allocates a little once (its buffers); per tick it must be nothing.
        Assert.True(allocated < 2_000, $"{allocated} bytes over {Measured} ticks");
    }

    [Fact]
    public void PublisherThread_AllocatesNoMoreThanRawNetMQSendingTheSameFrames()
    {
        var frame = QuoteFrame();
        var raw = RawNetMqBytesPerMessage(frame);

        var counters = new FeedCounters();
        using var publisher = new FramePublisher("tcp://127.0.0.1:*", 1_000_000, TimeSpan.FromSeconds(1), counters);
        using var subscriber = SubscribeToQuotes(publisher.Endpoint);
        var probe = new AllocationProbe(Warmup, Warmup + Measured);
        using var pipeline = new RingPipeline<FrameSlot>(1 << 12, ProducerType.Single, new YieldingWaitStrategy());
        pipeline.HandleEventsWith(new MeasuringHandler(new PublishHandler(publisher), probe));
        pipeline.Start();
        var ring = pipeline.RingBuffer;
        for (var i = 0; i <= Warmup + Measured; i++)
        {
            var sequence = ring.Next();
            ref var slot = ref ring[sequence];
            frame.CopyTo(slot.Bytes);
            slot.Length = frame.Length;
            slot.TopicLength = 7;
            slot.StreamId = 1;
            slot.StreamSeq = (ulong)i + 1;
            ring.Publish(sequence);
        }

        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(60)));
        var ours = (double)probe.Allocated / Measured;
        TestContext.Current.TestOutputHelper?.WriteLine($"publisher thread: {ours:F1} B/msg; raw NetMQ Send: {raw:F1} B/msg");
        // What NetMQ allocates per Send depends on timing (it allocates commands when it wakes its I/O thread),
        // so the two runs are compared with a margin; our own code on this thread adds nothing of its own.
        Assert.True(ours <= (raw * 1.1) + 8, $"publisher thread allocates {ours:F1} B/msg, raw NetMQ {raw:F1} B/msg");
    }

    [Fact]
    public void SourceThread_SendingWhileThePublisherIsParked_AllocatesNoMoreThanRawNetMQ()
    {
        var frame = QuoteFrame();
        var raw = RawNetMqBytesPerMessage(frame);

        var registry = new InstrumentRegistry();
        var counters = new FeedCounters();
        using var publisher = new FramePublisher("tcp://127.0.0.1:*", 1_000_000, TimeSpan.FromSeconds(1), counters);
        using var subscriber = SubscribeToQuotes(publisher.Endpoint);
        using var pipeline = new RingPipeline<FrameSlot>(1 << 12, ProducerType.Single, new BlockingWaitStrategy());

        // Never woken, by its timeout or by a busy stream: once parked, every frame is sent by the source thread.
        var processor = new CallerRunsEventProcessor<FrameSlot, PublishHandler>(pipeline.RingBuffer, pipeline.RingBuffer.NewBarrier(),
            new PublishHandler(publisher), Timeout.InfiniteTimeSpan, callerRunsBeforeWake: int.MaxValue);
        pipeline.HandleEventsWith(processor);
        pipeline.Start();
        Assert.True(Poll.Until(processor.TryRunOnCaller, TimeSpan.FromSeconds(30)));
        var normaliser = new StreamNormaliser(1, "synthetic", 1, pipeline.RingBuffer, registry, counters, processor);
        var warm = new SyntheticMarket(new SyntheticMarketOptions { Seed = 1, TicksPerSecond = 0, MaxTicks = Warmup }, registry);
        warm.Run(normaliser, TestContext.Current.CancellationToken);
        var market = new SyntheticMarket(new SyntheticMarketOptions { Seed = 2, TicksPerSecond = 0, MaxTicks = Measured }, registry);
        var runsBefore = processor.CallerRuns;

        var before = GC.GetAllocatedBytesForCurrentThread();
        market.Run(normaliser, TestContext.Current.CancellationToken);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var runs = processor.CallerRuns - runsBefore;
        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(30)));
        Assert.Equal(Measured, runs);
        var ours = (double)allocated / Measured;
        TestContext.Current.TestOutputHelper?.WriteLine($"source thread sending: {ours:F1} B/tick; raw NetMQ Send: {raw:F1} B/msg");

        // As for the publisher thread: NetMQ's own allocation inside Send, with a margin, and nothing of ours (a
        // Run's one-time buffers are a few hundred bytes in all).
        Assert.True(ours <= (raw * 1.1) + 8, $"source thread allocates {ours:F1} B/tick while sending, raw NetMQ {raw:F1} B/msg");
    }

    // A 111-byte message with a quote's topic, the size of a TickStream quote frame.
    private static byte[] QuoteFrame()
    {
        var frame = new byte[111];
        "Q.AAPL|"u8.CopyTo(frame);
        return frame;
    }

    // Every measurement has a subscriber, so that each send reaches a pipe as in production.
    private static SubscriberSocket SubscribeToQuotes(string endpoint)
    {
        var subscriber = new SubscriberSocket();
        subscriber.Options.ReceiveHighWatermark = 1_000_000;
        subscriber.Connect(endpoint);
        subscriber.Subscribe("Q.");
        return subscriber;
    }

    private static double RawNetMqBytesPerMessage(byte[] frame)
    {
        using var pub = new XPublisherSocket();
        pub.Options.SendHighWatermark = 1_000_000;
        pub.Bind("tcp://127.0.0.1:*");
        using var sub = SubscribeToQuotes(pub.Options.LastEndpoint!);
        long before = 0;
        for (var i = 0; i <= Warmup + Measured; i++)
        {
            if (i == Warmup)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
            }

            var msg = default(Msg);
            msg.InitPool(frame.Length);
            frame.CopyTo(msg.Slice());
            pub.TrySend(ref msg, TimeSpan.Zero, more: false);
            msg.Close();
        }

        return (double)(GC.GetAllocatedBytesForCurrentThread() - before) / Measured;
    }

    private sealed class AllocationProbe(long from, long to)
    {
        public long From { get; } = from;

        public long To { get; } = to;

        public long Start { get; set; }

        public long Allocated { get; set; }
    }

    private readonly struct MeasuringHandler(PublishHandler inner, AllocationProbe probe) : IEventHandler<FrameSlot>
    {
        public void OnEvent(ref FrameSlot evt, long sequence, bool endOfBatch)
        {
            if (sequence == probe.From)
            {
                probe.Start = GC.GetAllocatedBytesForCurrentThread();
            }

            inner.OnEvent(ref evt, sequence, endOfBatch);
            if (sequence == probe.To)
            {
                probe.Allocated = GC.GetAllocatedBytesForCurrentThread() - probe.Start;
            }
        }

        public void OnBatchStart(long batchSize) => inner.OnBatchStart(batchSize);

        public void OnTimeout(long sequence) => inner.OnTimeout(sequence);

        public void OnStart() => inner.OnStart();

        public void OnShutdown() => inner.OnShutdown();
    }

    private readonly struct DiscardHandler : IEventHandler<FrameSlot>
    {
        public void OnEvent(ref FrameSlot evt, long sequence, bool endOfBatch)
        {
        }

        public void OnBatchStart(long batchSize)
        {
        }

        public void OnTimeout(long sequence)
        {
        }

        public void OnStart()
        {
        }

        public void OnShutdown()
        {
        }
    }
}
