namespace TickStream.Disruptor.Tests;

public class PipelineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Publishes values 0..count-1; each claim waits for space at most a minute, so a stalled pipeline
    /// fails the test instead of hanging it.</summary>
    internal static void Produce(RingBuffer<TestEvent> ring, long count, int producer = 0, TimeSpan? stalled = null)
    {
        var timeout = stalled ?? TimeSpan.FromMinutes(1);
        for (long i = 0; i < count; i++)
        {
            long sequence = ClaimWithin(ring, timeout);
            ref TestEvent slot = ref ring[sequence];
            slot.Value = i;
            slot.Producer = producer;
            ring.Publish(sequence);
        }
    }

    internal static long ClaimWithin(RingBuffer<TestEvent> ring, TimeSpan timeout)
    {
        if (ring.TryNext(out long sequence))
        {
            return sequence;
        }

        // A timestamp, not a Stopwatch object: allocation tests publish through here and a full ring must not
        // allocate on their thread.
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var spinner = default(SpinWait);
        while (!ring.TryNext(out sequence))
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(start) > timeout)
            {
                throw new TimeoutException($"no free slot for {timeout}: the consumers stalled");
            }

            spinner.SpinOnce();
        }

        return sequence;
    }

    [Fact]
    public void Shutdown_AfterPublishing_ConsumesEverythingBeforeReturning()
    {
        var probe = new Probe();
        using var pipeline = new RingPipeline<TestEvent>(64, waitStrategy: new BlockingWaitStrategy());
        pipeline.HandleEventsWith(new OrderCheckingHandler(probe));
        pipeline.Start();
        Produce(pipeline.RingBuffer, 50_000);

        Assert.True(pipeline.Shutdown(Deadline));
        Assert.Equal(50_000, probe.Count);
        Assert.Equal(0, probe.Errors);
        Assert.Equal(1, probe.Starts);
        Assert.Equal(1, probe.Shutdowns);
        Assert.False(pipeline.Processors[0].IsRunning);
    }

    [Fact]
    public void Shutdown_StuckHandler_ReturnsFalseWithinTimeout()
    {
        var probe = new Probe();
        using var gate = new ManualResetEventSlim(false);
        using var pipeline = new RingPipeline<TestEvent>(16, waitStrategy: new BlockingWaitStrategy());
        pipeline.HandleEventsWith(new GatedHandler(probe, gate));
        pipeline.Start();
        Produce(pipeline.RingBuffer, 5);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(pipeline.Shutdown(TimeSpan.FromMilliseconds(300)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20));

        // Once the handler can go on it sees the halt and its thread ends.
        gate.Set();
        Assert.True(pipeline.Halt(Deadline));
        Assert.InRange(probe.Count, 1, 5);
    }

    [Fact]
    public void ThrowingHandler_IsLoggedCountedAndPipelineGoesOn()
    {
        var throwing = new Probe();
        var downstream = new Probe();
        var exceptions = new RecordingExceptionHandler();
        using var pipeline = new RingPipeline<TestEvent>(32, waitStrategy: new BlockingWaitStrategy(), exceptionHandler: exceptions);
        pipeline.HandleEventsWith(new ThrowingHandler(throwing, every: 10)).Then(new OrderCheckingHandler(downstream));
        pipeline.Start();
        Produce(pipeline.RingBuffer, 1_000);

        Assert.True(pipeline.Shutdown(Deadline));
        Assert.Equal(100, exceptions.EventExceptions);
        Assert.Equal(100, pipeline.Processors[0].ExceptionCount);
        Assert.Equal(990, exceptions.LastSequence);
        Assert.Equal(900, throwing.Count);
        Assert.Equal(1_000, downstream.Count);
        Assert.Equal(0, downstream.Errors);
    }

    [Fact]
    public void TimeoutBlockingWaitStrategy_IdleStream_CallsOnTimeoutRepeatedly()
    {
        var probe = new Probe();
        using var pipeline = new RingPipeline<TestEvent>(16, waitStrategy: new TimeoutBlockingWaitStrategy(TimeSpan.FromMilliseconds(10)));
        pipeline.HandleEventsWith(new OrderCheckingHandler(probe));
        pipeline.Start();

        Assert.True(Poll.Until(() => Interlocked.Read(ref probe.Timeouts) >= 3, Deadline));
        Produce(pipeline.RingBuffer, 10);
        Assert.True(pipeline.Shutdown(Deadline));
        Assert.Equal(10, probe.Count);
        Assert.Equal(0, probe.Errors);
    }

    [Fact]
    public void Halt_IdleProcessorsWithEveryWaitStrategy_StopsThreads()
    {
        WaitStrategy[] strategies =
        [
            new BusySpinWaitStrategy(), new YieldingWaitStrategy(), new SleepingWaitStrategy(),
            new BlockingWaitStrategy(), new TimeoutBlockingWaitStrategy(TimeSpan.FromSeconds(1)),
        ];
        foreach (var strategy in strategies)
        {
            var first = new Probe();
            var second = new Probe();
            using var pipeline = new RingPipeline<TestEvent>(16, waitStrategy: strategy);
            pipeline.HandleEventsWith(new MarkingHandler(first, second: false)).Then(new MarkCheckingHandler(second, needFirst: true, needSecond: false));
            pipeline.Start();
            Produce(pipeline.RingBuffer, 100);
            Assert.True(pipeline.Shutdown(Deadline), strategy.GetType().Name);
            Assert.Equal(100, second.Count);
            Assert.Equal(0, first.Errors + second.Errors);
        }
    }

    [Fact]
    public void HandleEventsWith_ParallelThenJoin_GatesProducerOnLastStageOnly()
    {
        var journal = new Probe();
        var publisher = new Probe();
        var stats = new Probe();
        using var gate = new ManualResetEventSlim(false);
        using var pipeline = new RingPipeline<TestEvent>(8, waitStrategy: new BlockingWaitStrategy(), fullRingPolicy: FullRingPolicy.Drop);
        pipeline.HandleEventsWith(new MarkingHandler(journal, second: false))
            .And(new MarkingHandler(publisher, second: true))
            .Then(new GatedHandler(stats, gate));
        pipeline.Start();

        int accepted = 0;
        for (int i = 0; i < 20; i++)
        {
            if (pipeline.RingBuffer.TryClaim(out long sequence))
            {
                pipeline.RingBuffer[sequence].Value = accepted++;
                pipeline.RingBuffer.Publish(sequence);
            }
        }

        // The stuck last stage holds the ring: 8 slots fit and 12 claims were dropped, even though the first two
        // stages have handled everything.
        Assert.Equal(8, accepted);
        Assert.Equal(12, pipeline.RingBuffer.DroppedCount);
        Assert.True(Poll.Until(() => journal.Count == 8 && publisher.Count == 8, Deadline));
        gate.Set();
        Assert.True(pipeline.Shutdown(Deadline));
        Assert.Equal(8, stats.Count);
    }

    [Fact]
    public void Handler_AfterShutdown_ReadableThroughProcessor()
    {
        var probe = new Probe();
        using var pipeline = new RingPipeline<TestEvent>(16, waitStrategy: new YieldingWaitStrategy());
        var group = pipeline.HandleEventsWith(new OrderCheckingHandler(probe));
        pipeline.Start();
        Produce(pipeline.RingBuffer, 100);
        Assert.True(pipeline.Shutdown(Deadline));

        var processor = Assert.IsType<BatchEventProcessor<TestEvent, OrderCheckingHandler>>(group.Processors[0]);
        // The processor's copy remembers it expects value 100 next; a fresh copy would expect 0 and flag an error.
        pipeline.RingBuffer[100].Value = 100;
        processor.Handler.OnEvent(ref pipeline.RingBuffer[100], 100, true);
        Assert.Equal(0, probe.Errors);
        Assert.Equal(101, probe.Count);
    }

    [Theory]
    [InlineData(ProducerType.Single)]
    [InlineData(ProducerType.Multi)]
    public void BlockingWaitStrategy_PingPongWithParkEveryTime_NeverLosesWakeUp(ProducerType producerType)
    {
        // Each event is published only after the previous one went through both stages, so both processors
        // park between events: a lost wake-up leaves an event unconsumed (the processors park without a timeout)
        // and fails the deadline below. The deadline is per event, from its publication: a busy machine makes
        // every round trip slow, which says nothing about wake-ups, and 5 000 of them may take longer than one
        // deadline in all.
        const int Rounds = 5_000;
        var first = new Probe();
        var second = new Probe();
        using var pipeline = new RingPipeline<TestEvent>(8, producerType, new BlockingWaitStrategy());
        pipeline.HandleEventsWith(new MarkingHandler(first, second: false)).Then(new MarkCheckingHandler(second, needFirst: true, needSecond: false));
        pipeline.Start();
        var ring = pipeline.RingBuffer;
        var clock = new System.Diagnostics.Stopwatch();
        for (int i = 0; i < Rounds; i++)
        {
            long sequence = ClaimWithin(ring, Deadline);
            ring[sequence].Value = i;
            clock.Restart();
            ring.Publish(sequence);
            var spinner = default(SpinWait);
            while (second.Count <= i)
            {
                Assert.True(clock.Elapsed < Deadline, $"event {i} was not consumed {Deadline.TotalSeconds} s after it was published: lost wake-up");
                spinner.SpinOnce();
            }
        }

        Assert.True(pipeline.Shutdown(Deadline));
        Assert.Equal(Rounds, second.Count);
        Assert.Equal(0, first.Errors + second.Errors);
    }

    [Fact]
    public void Start_Twice_Throws()
    {
        using var pipeline = new RingPipeline<TestEvent>(16, waitStrategy: new BlockingWaitStrategy());
        pipeline.HandleEventsWith(new OrderCheckingHandler(new Probe()));
        pipeline.Start();
        Assert.Throws<InvalidOperationException>(pipeline.Start);
        Assert.Throws<InvalidOperationException>(() => pipeline.HandleEventsWith(new OrderCheckingHandler(new Probe())));
        Assert.True(pipeline.Shutdown(Deadline));
    }
}
