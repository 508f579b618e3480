namespace TickStream.Disruptor.Tests;

public class AllocationTests
{
    private const long Warmup = 1_000_000;
    private const long Measured = 2_000_000;

    [Theory]
    [InlineData(ProducerType.Single, "blocking")]
    [InlineData(ProducerType.Single, "yielding")]
    [InlineData(ProducerType.Multi, "blocking")]
    [InlineData(ProducerType.Multi, "yielding")]
    public void SteadyState_ProducerAndConsumer_AllocateNothingPerEvent(ProducerType producerType, string waitStrategy)
    {
        WaitStrategy strategy = waitStrategy == "blocking" ? new BlockingWaitStrategy() : new YieldingWaitStrategy();
        var probe = new Probe();
        var last = new Probe();
        using var pipeline = new RingPipeline<TestEvent>(1024, producerType, strategy);
        pipeline.HandleEventsWith(new AllocationProbeHandler(probe, markAt: Warmup, endAt: Warmup + Measured - 1))
            .Then(new OrderCheckingHandler(last));
        pipeline.Start();
        var ring = pipeline.RingBuffer;

        // Warm up past tiered compilation (methods move to optimised code about 100 ms after their first calls)
        // and past every one-time per-thread initialisation on the claim, wait and publish paths.
        ClaimAndPublish(ring, 0, Warmup);
        Assert.True(Poll.Until(() => last.Count == Warmup, TimeSpan.FromSeconds(30)));

        long totalBefore = GC.GetTotalAllocatedBytes(precise: true);
        long threadBefore = GC.GetAllocatedBytesForCurrentThread();
        ClaimAndPublish(ring, Warmup, Warmup + Measured);

        long producerBytes = GC.GetAllocatedBytesForCurrentThread() - threadBefore;
        Assert.True(Poll.Until(() => last.Count == Warmup + Measured, TimeSpan.FromSeconds(60)));
        long totalBytes = GC.GetTotalAllocatedBytes(precise: true) - totalBefore;
        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(30)));

        // Warm-up ran the very same claim loop, so its compilation (including on-stack replacement) is done.
        Assert.Equal(0, producerBytes);
        Assert.True(probe.AllocatedAtMark >= 0 && probe.AllocatedAtEnd >= 0);
        Assert.Equal(0, probe.AllocatedAtEnd - probe.AllocatedAtMark);
        Assert.Equal(0, last.Errors);

        // Whole process, every thread (test runner included): one allocation per event would be at least 24 bytes
        // per event, i.e. 48 MB here; the bound allows the runner's own background work only.
        Assert.True(totalBytes < Measured / 20, $"{totalBytes} bytes allocated in the process over {Measured} events");
    }

    private static void ClaimAndPublish(RingBuffer<TestEvent> ring, long from, long to)
    {
        long deadline = System.Diagnostics.Stopwatch.GetTimestamp() + (60 * System.Diagnostics.Stopwatch.Frequency);
        for (long i = from; i < to; i++)
        {
            // Only one producer thread here: once a slot is free, the blocking claim below cannot wait, so a
            // stalled consumer fails the test at the deadline instead of hanging it.
            var spinner = default(SpinWait);
            while (ring.RemainingCapacity == 0)
            {
                if (System.Diagnostics.Stopwatch.GetTimestamp() > deadline)
                {
                    throw new TimeoutException("the consumers stalled");
                }

                spinner.SpinOnce();
            }

            if (!ring.TryClaim(out long sequence))
            {
                throw new InvalidOperationException("a blocking claim failed");
            }

            ring[sequence].Value = i;
            ring.Publish(sequence);
        }
    }
}
