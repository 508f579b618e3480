namespace TickStream.Disruptor.Tests;

public class CallerRunsEventProcessorTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void TryRunOnCaller_ProcessorParked_HandlesTheEventOnTheCallersThread()
    {
        var probe = new Probe();
        var record = new ThreadRecord(16);
        using var pipeline = new RingPipeline<TestEvent>(64);
        var processor = Add(pipeline, new RecordingHandler(probe, record), Timeout.InfiniteTimeSpan);
        pipeline.Start();

        // Taking the token with nothing to do means the thread has parked, open to producers.
        Assert.True(Poll.Until(processor.TryRunOnCaller, Deadline));
        for (int i = 0; i < 3; i++)
        {
            Publish(pipeline.RingBuffer, i);
            Assert.True(processor.TryRunOnCaller());

            // Handled before the call returned, on this thread: no hand-off.
            Assert.Equal(i + 1, probe.Count);
            Assert.Equal(Environment.CurrentManagedThreadId, record.ThreadOf(i));
        }

        Assert.Equal(2, processor.Sequence.Value);
        Assert.True(pipeline.Shutdown(Deadline));
        Assert.Equal(0, probe.Errors);
    }

    [Fact]
    public void Events_PublishedWithoutCallerRuns_HandledByTheProcessorsThreadOnWaking()
    {
        var probe = new Probe();
        var record = new ThreadRecord(16);
        using var pipeline = new RingPipeline<TestEvent>(64);
        var processor = Add(pipeline, new RecordingHandler(probe, record), TimeSpan.FromMilliseconds(5));
        pipeline.Start();
        Assert.True(Poll.Until(processor.TryRunOnCaller, Deadline));

        for (int i = 0; i < 10; i++)
        {
            Publish(pipeline.RingBuffer, i);
        }

        Assert.True(Poll.Until(() => probe.Count == 10, Deadline));
        for (int i = 0; i < 10; i++)
        {
            Assert.NotEqual(Environment.CurrentManagedThreadId, record.ThreadOf(i));
        }

        Assert.True(pipeline.Shutdown(Deadline));
        Assert.Equal(0, probe.Errors);
    }

    [Fact]
    public void TryRunOnCaller_SustainedPublishing_WakesTheThreadToTakeOver()
    {
        const long maxEvents = 20_000_000;
        var probe = new Probe();
        var elsewhere = new long[1];
        using var pipeline = new RingPipeline<TestEvent>(1024);

        // Never woken by a timeout: only a producer's wake-up can bring the thread back.
        var processor = Add(pipeline, new ElsewhereCountingHandler(probe, Environment.CurrentManagedThreadId, elsewhere),
            Timeout.InfiniteTimeSpan);
        pipeline.Start();
        Assert.True(Poll.Until(processor.TryRunOnCaller, Deadline));

        // Publish for as long as it takes the woken thread to get a core (long on a loaded machine), within bounds.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long published = 0;
        while (Volatile.Read(ref elsewhere[0]) == 0 && published < maxEvents && clock.Elapsed < Deadline)
        {
            Publish(pipeline.RingBuffer, published++);
            processor.TryRunOnCaller();
        }

        Assert.True(Poll.Until(() => probe.Count == published, Deadline));
        Assert.True(pipeline.Shutdown(Deadline));

        // A stream this busy is split between the producer and the thread, woken every few hundred caller runs.
        Assert.True(Volatile.Read(ref elsewhere[0]) > 0, $"the thread handled nothing of {published} events");
        Assert.True(processor.CallerRuns >= CallerRunsEventProcessor<TestEvent, ElsewhereCountingHandler>.DefaultCallerRunsBeforeWake);
        Assert.Equal(0, probe.Errors);
    }

    [Theory]
    [InlineData(ProducerType.Single, 1)]
    [InlineData(ProducerType.Multi, 3)]
    public void Events_ProducersRunningTheHandlerWhileTheThreadParksAndWakes_EachHandledOnceInOrder(ProducerType producerType, int producers)
    {
        const long perProducer = 100_000;
        var probe = new Probe();
        var next = new long[producers];
        var busy = new int[1];

        // An infinite park timeout: an event left behind while the token is open would never be handled, and the
        // wait below would fail.
        using var pipeline = new RingPipeline<TestEvent>(256, producerType);
        var processor = Add(pipeline, new ExclusiveOrderHandler(probe, next, busy), Timeout.InfiniteTimeSpan);
        pipeline.Start();

        var threads = new Thread[producers];
        var failures = new Exception?[producers];
        for (int p = 0; p < producers; p++)
        {
            int producer = p;
            threads[p] = new Thread(() =>
            {
                try
                {
                    ProduceInBursts(pipeline.RingBuffer, processor, producer, perProducer);
                }
#pragma warning disable CA1031 // Reported by the test thread below.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    failures[producer] = e;
                }
            });
            threads[p].Start();
        }

        foreach (var thread in threads)
        {
            Assert.True(thread.Join(TimeSpan.FromMinutes(2)));
        }

        Assert.All(failures, Assert.Null);
        Assert.True(Poll.Until(() => probe.Count == producers * perProducer, Deadline), $"{probe.Count} of {producers * perProducer} handled");
        Assert.True(pipeline.Shutdown(Deadline));
        Assert.True(probe.Errors == 0, probe.FirstError);
        Assert.All(next, n => Assert.Equal(perProducer, n));
        Assert.True(processor.CallerRuns > 0);
        Assert.Equal(producers * perProducer - 1, processor.Sequence.Value);
    }

    [Fact]
    public void Handler_ThrowingOnTheCallersThread_CountedSkippedAndTheRestHandled()
    {
        var probe = new Probe();
        var errors = new RecordingExceptionHandler();
        using var pipeline = new RingPipeline<TestEvent>(64);
        var processor = new CallerRunsEventProcessor<TestEvent, ThrowingHandler>(pipeline.RingBuffer,
            pipeline.RingBuffer.NewBarrier(), new ThrowingHandler(probe, every: 4), Timeout.InfiniteTimeSpan, errors);
        pipeline.HandleEventsWith(processor);
        pipeline.Start();
        Assert.True(Poll.Until(processor.TryRunOnCaller, Deadline));

        for (int i = 0; i < 10; i++)
        {
            Publish(pipeline.RingBuffer, i);
            processor.TryRunOnCaller();
        }

        // Values 0, 4 and 8 threw; the other seven were handled, and the processor is past all ten.
        Assert.True(Poll.Until(() => probe.Count == 7, Deadline));
        Assert.True(pipeline.Shutdown(Deadline));
        Assert.Equal(3, processor.ExceptionCount);
        Assert.Equal(9, processor.Sequence.Value);
    }

    [Fact]
    public void Idle_ParkTimeout_CallsOnTimeoutOnTheProcessorsThread()
    {
        var probe = new Probe();
        using var pipeline = new RingPipeline<TestEvent>(64);
        Add(pipeline, new OrderCheckingHandler(probe), TimeSpan.FromMilliseconds(5));
        pipeline.Start();

        Assert.True(Poll.Until(() => Volatile.Read(ref probe.Timeouts) >= 3, Deadline));
        Assert.True(pipeline.Shutdown(Deadline));
        Assert.Equal(1, probe.Starts);
        Assert.Equal(1, probe.Shutdowns);
    }

    [Fact]
    public void Shutdown_ParkedProcessor_EndsItsThreadAndCallersNoLongerRunTheHandler()
    {
        var probe = new Probe();
        using var pipeline = new RingPipeline<TestEvent>(64);
        var processor = Add(pipeline, new OrderCheckingHandler(probe), Timeout.InfiniteTimeSpan);
        pipeline.Start();
        Assert.True(Poll.Until(processor.TryRunOnCaller, Deadline));
        Publish(pipeline.RingBuffer, 0);
        Assert.True(processor.TryRunOnCaller());

        Assert.True(pipeline.Shutdown(Deadline));

        Assert.False(processor.IsRunning);
        Publish(pipeline.RingBuffer, 1);
        Assert.False(processor.TryRunOnCaller());
        Assert.Equal(1, probe.Count);
        Assert.Equal(1, probe.Shutdowns);
    }

    [Fact]
    public void TryRunOnCaller_SteadyState_AllocatesNothing()
    {
        const int warmup = 1_000_000;
        const int measured = 1_000_000;
        var probe = new Probe();
        using var pipeline = new RingPipeline<TestEvent>(1024);
        var processor = Add(pipeline, new OrderCheckingHandler(probe), Timeout.InfiniteTimeSpan);
        pipeline.Start();
        Assert.True(Poll.Until(processor.TryRunOnCaller, Deadline));

        // The warm-up runs the very same loop, past tiered compilation and on-stack replacement.
        PublishAndRun(pipeline.RingBuffer, processor, 0, warmup);

        // Each attempt publishes and handles the next events, in order, as many as the first.
        long next = warmup;
        long allocated = Allocation.FewestBytes(() =>
        {
            PublishAndRun(pipeline.RingBuffer, processor, next, next + measured);
            next += measured;
        });

        Assert.True(pipeline.Shutdown(Deadline));
        Assert.Equal(0, allocated);
        Assert.Equal(next, probe.Count);
        Assert.Equal(0, probe.Errors);
    }

    private static CallerRunsEventProcessor<TestEvent, THandler> Add<THandler>(RingPipeline<TestEvent> pipeline, THandler handler, TimeSpan parkTimeout)
        where THandler : struct, IEventHandler<TestEvent>
    {
        var processor = new CallerRunsEventProcessor<TestEvent, THandler>(pipeline.RingBuffer, pipeline.RingBuffer.NewBarrier(),
            handler, parkTimeout, new RecordingExceptionHandler());
        pipeline.HandleEventsWith(processor);
        return processor;
    }

    private static void Publish(RingBuffer<TestEvent> ring, long value, int producer = 0)
    {
        long sequence = PipelineTests.ClaimWithin(ring, Deadline);
        ref var slot = ref ring[sequence];
        slot.Value = value;
        slot.Producer = producer;
        ring.Publish(sequence);
    }

    private static void PublishAndRun<THandler>(RingBuffer<TestEvent> ring, CallerRunsEventProcessor<TestEvent, THandler> processor, long from, long to)
        where THandler : struct, IEventHandler<TestEvent>
    {
        for (long i = from; i < to; i++)
        {
            Publish(ring, i);
            processor.TryRunOnCaller();
        }
    }

    // Bursts of events with pauses between them, so that the processor's thread keeps changing between handling
    // events, spinning, parking open, and taking the token back, while producers run the handler.
    private static void ProduceInBursts<THandler>(RingBuffer<TestEvent> ring, CallerRunsEventProcessor<TestEvent, THandler> processor,
        int producer, long count)
        where THandler : struct, IEventHandler<TestEvent>
    {
        var random = new Random(producer);
        for (long i = 0; i < count; i++)
        {
            Publish(ring, i, producer);
            processor.TryRunOnCaller();

            if (random.Next(256) == 0)
            {
                Thread.Yield();
            }

            // Now and then wait for the thread to park, so that producers surely run the handler too.
            if (i % 10_000 == 0 && !Poll.Until(processor.TryRunOnCaller, Deadline))
            {
                throw new TimeoutException("the processor's thread never parked");
            }
        }
    }

    /// <summary>Which thread handled each value.</summary>
    private sealed class ThreadRecord(int size)
    {
        private readonly int[] _threads = new int[size];

        public void Set(long value) => Volatile.Write(ref _threads[value], Environment.CurrentManagedThreadId);

        public int ThreadOf(long value) => Volatile.Read(ref _threads[value]);
    }

    private readonly struct RecordingHandler(Probe probe, ThreadRecord record) : IEventHandler<TestEvent>
    {
        public void OnEvent(ref TestEvent evt, long sequence, bool endOfBatch)
        {
            record.Set(evt.Value);
            probe.Seen();
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

    /// <summary>Counts the events handled on a thread other than the producer's, and checks their order.</summary>
    private struct ElsewhereCountingHandler(Probe probe, int producerThread, long[] elsewhere) : IEventHandler<TestEvent>
    {
        private long _expected;

        public void OnEvent(ref TestEvent evt, long sequence, bool endOfBatch)
        {
            if (evt.Value != _expected)
            {
                probe.Error($"expected {_expected}, got {evt.Value}");
            }

            _expected = evt.Value + 1;
            if (Environment.CurrentManagedThreadId != producerThread)
            {
                Volatile.Write(ref elsewhere[0], elsewhere[0] + 1);
            }

            probe.Seen();
        }

        public readonly void OnBatchStart(long batchSize)
        {
        }

        public readonly void OnTimeout(long sequence)
        {
        }

        public readonly void OnStart()
        {
        }

        public readonly void OnShutdown()
        {
        }
    }

    /// <summary>Per producer order, contiguous sequences, and never two threads inside the handler at once.</summary>
    private struct ExclusiveOrderHandler(Probe probe, long[] next, int[] busy) : IEventHandler<TestEvent>
    {
        private long _lastSequence = -1;

        public void OnEvent(ref TestEvent evt, long sequence, bool endOfBatch)
        {
            if (Interlocked.Increment(ref busy[0]) != 1)
            {
                probe.Error($"two threads in the handler at sequence {sequence}");
            }

            if (sequence != _lastSequence + 1)
            {
                probe.Error($"sequence {sequence} after {_lastSequence}");
            }

            _lastSequence = sequence;
            ref long expected = ref next[evt.Producer];
            if (evt.Value != expected)
            {
                probe.Error($"producer {evt.Producer}: expected {expected}, got {evt.Value} at sequence {sequence}");
            }

            expected = evt.Value + 1;
            probe.Seen();
            Interlocked.Decrement(ref busy[0]);
        }

        public readonly void OnBatchStart(long batchSize)
        {
        }

        public readonly void OnTimeout(long sequence)
        {
        }

        public readonly void OnStart()
        {
        }

        public readonly void OnShutdown()
        {
        }
    }
}
