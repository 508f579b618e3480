namespace TickStream.Disruptor.Tests;

/// <summary>Ten million events through a 1024-slot ring (about ten thousand laps) per test.</summary>
/// <remarks>
/// How long ten million events take is the machine's business: several threads share two cores with whatever else
/// runs. What the tests bound is progress: every claim of a slot must succeed within <see cref="Stalled"/> (the
/// consumers stalled otherwise: a lost wake-up or a deadlock), so a run ends, by count, and never hangs. The
/// xunit timeout is only a last guard, far above any run that keeps making progress.
/// </remarks>
public class RingStressTests
{
    private const long Events = 10_000_000;
    private const int RingSize = 1024;
    private const int LastGuardMs = 900_000;
    private static readonly TimeSpan Stalled = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact(Timeout = LastGuardMs)]
    public async Task OneProducerOneConsumer_TenMillionEvents_NoLossNoDuplicateInOrder()
    {
        var probe = new Probe();
        using var pipeline = new RingPipeline<TestEvent>(RingSize, ProducerType.Single, new YieldingWaitStrategy());
        pipeline.HandleEventsWith(new OrderCheckingHandler(probe));
        pipeline.Start();

        await Task.Run(() => PipelineTests.Produce(pipeline.RingBuffer, Events, stalled: Stalled), TestContext.Current.CancellationToken);
        Assert.True(pipeline.Shutdown(Deadline));

        Assert.Equal(0, probe.Errors);
        Assert.Null(probe.FirstError);
        Assert.Equal(Events, probe.Count);
        Assert.Equal(Events - 1, pipeline.RingBuffer.Cursor);
        Assert.True(pipeline.RingBuffer.Cursor / RingSize > 9_000, "the ring wrapped many times");
        Assert.True(probe.Batches < Events, "some batches held more than one event");
    }

    [Fact(Timeout = LastGuardMs)]
    public async Task OneProducerThreeConsumers_ParallelThenJoin_EveryStageSeesEverythingInOrder()
    {
        var journal = new Probe();
        var publisher = new Probe();
        var stats = new Probe();
        using var pipeline = new RingPipeline<TestEvent>(RingSize, ProducerType.Single, new BlockingWaitStrategy());
        pipeline.HandleEventsWith(new MarkingHandler(journal, second: false))
            .And(new MarkingHandler(publisher, second: true))
            .Then(new MarkCheckingHandler(stats, needFirst: true, needSecond: true));
        pipeline.Start();

        await Task.Run(() => PipelineTests.Produce(pipeline.RingBuffer, Events, stalled: Stalled), TestContext.Current.CancellationToken);
        Assert.True(pipeline.Shutdown(Deadline));

        Assert.Null(journal.FirstError ?? publisher.FirstError ?? stats.FirstError);
        Assert.Equal(Events, journal.Count);
        Assert.Equal(Events, publisher.Count);
        Assert.Equal(Events, stats.Count);
    }

    [Fact(Timeout = LastGuardMs)]
    public async Task OneProducerThreeConsumers_Chain_EveryStageSeesEverythingInOrder()
    {
        var journal = new Probe();
        var publisher = new Probe();
        var stats = new Probe();
        using var pipeline = new RingPipeline<TestEvent>(RingSize, ProducerType.Single, new BlockingWaitStrategy());
        pipeline.HandleEventsWith(new MarkingHandler(journal, second: false))
            .Then(new MarkingHandler(publisher, second: true))
            .Then(new MarkCheckingHandler(stats, needFirst: true, needSecond: true));
        pipeline.Start();

        await Task.Run(() => PipelineTests.Produce(pipeline.RingBuffer, Events, stalled: Stalled), TestContext.Current.CancellationToken);
        Assert.True(pipeline.Shutdown(Deadline));

        Assert.Null(journal.FirstError ?? publisher.FirstError ?? stats.FirstError);
        Assert.Equal(Events, stats.Count);
    }

    [Fact(Timeout = LastGuardMs)]
    public async Task ThreeProducersOneConsumer_TenMillionEvents_PerProducerOrderNoLossNoDuplicate()
    {
        const int Producers = 3;
        long perProducer = Events / Producers + 1;
        var probe = new Probe();
        long[] next = new long[Producers];
        using var pipeline = new RingPipeline<TestEvent>(RingSize, ProducerType.Multi, new BlockingWaitStrategy());
        pipeline.HandleEventsWith(new PerProducerOrderHandler(probe, next));
        pipeline.Start();
        var ring = pipeline.RingBuffer;

        var tasks = new Task[Producers];
        for (int p = 0; p < Producers; p++)
        {
            int producer = p;
            tasks[p] = Task.Factory.StartNew(
                () =>
                {
                    if (producer == 0)
                    {
                        ProduceInBatches(ring, perProducer, producer, batch: 4);
                    }
                    else
                    {
                        PipelineTests.Produce(ring, perProducer, producer, Stalled);
                    }
                },
                TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        await Task.WhenAll(tasks);
        Assert.True(pipeline.Shutdown(Deadline));

        Assert.Null(probe.FirstError);
        Assert.Equal(perProducer * Producers, probe.Count);
        Assert.All(next, n => Assert.Equal(perProducer, n));
        Assert.True(ring.Cursor / RingSize > 9_000, "the ring wrapped many times");
    }

    private static long ClaimBatchWithin(RingBuffer<TestEvent> ring, int n, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var spinner = default(SpinWait);
        long hi;
        while (!ring.TryNext(n, out hi))
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"no {n} free slots for {timeout}: the consumer stalled");
            }

            spinner.SpinOnce();
        }

        return hi;
    }

    private static void ProduceInBatches(RingBuffer<TestEvent> ring, long count, int producer, int batch)
    {
        long value = 0;
        while (value < count)
        {
            int n = (int)Math.Min(batch, count - value);
            long hi = ClaimBatchWithin(ring, n, Stalled);
            for (long sequence = hi - n + 1; sequence <= hi; sequence++)
            {
                ref TestEvent slot = ref ring[sequence];
                slot.Value = value++;
                slot.Producer = producer;
            }

            ring.Publish(hi - n + 1, hi);
        }
    }
}
