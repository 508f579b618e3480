using System.Diagnostics;
using TickStream.Disruptor;

namespace TickStream.RingPerf;

/// <summary>The ring under test: throughput for each graph shape and hand-off latency.</summary>
internal static class RingScenarios
{
    public static RunResult Throughput(long events, int ringSize, WaitStrategy waitStrategy, Shape shape, int batch, TimeSpan timeout)
    {
        using var completion = new Completion(events - 1);
        using var pipeline = new RingPipeline<PerfEvent>(ringSize, ProducerType.Single, waitStrategy);
        switch (shape)
        {
            case Shape.OneToOne:
                pipeline.HandleEventsWith(new SinkHandler(completion));
                break;
            case Shape.Chain:
                pipeline.HandleEventsWith(new PassHandler(second: false)).Then(new PassHandler(second: true)).Then(new SinkHandler(completion));
                break;
            default:
                pipeline.HandleEventsWith(new PassHandler(second: false)).And(new PassHandler(second: true)).Then(new SinkHandler(completion));
                break;
        }

        pipeline.Start();
        var ring = pipeline.RingBuffer;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long start = Stopwatch.GetTimestamp();
        if (batch <= 1)
        {
            Produce(ring, events);
        }
        else
        {
            ProduceInBatches(ring, events, batch);
        }

        var result = RunResult.Measure(events, start, allocatedBefore, completion, timeout);
        pipeline.Shutdown(TimeSpan.FromSeconds(10));
        return result;
    }

    public static LatencyResult Latency(long events, long warmup, int ringSize, WaitStrategy waitStrategy, long ratePerSecond, TimeSpan timeout)
    {
        var histogram = LatencyResult.NewHistogram();
        using var completion = new Completion(events - 1);
        using var pipeline = new RingPipeline<PerfEvent>(ringSize, ProducerType.Single, waitStrategy);
        pipeline.HandleEventsWith(new LatencyHandler(histogram, completion, warmup));
        pipeline.Start();
        var ring = pipeline.RingBuffer;
        long interval = Stopwatch.Frequency / ratePerSecond;
        long due = Stopwatch.GetTimestamp();
        for (long i = 0; i < events; i++)
        {
            due = Timing.PaceUntil(due, interval);
            long sequence = ring.Next();
            ref PerfEvent slot = ref ring[sequence];
            slot.Value = i;
            slot.Stamp = Stopwatch.GetTimestamp();
            ring.Publish(sequence);
        }

        bool completed = completion.Wait(timeout);
        pipeline.Shutdown(TimeSpan.FromSeconds(10));
        return LatencyResult.From(histogram, completed);
    }

    private static void Produce(RingBuffer<PerfEvent> ring, long events)
    {
        for (long i = 0; i < events; i++)
        {
            long sequence = ring.Next();
            ring[sequence].Value = i;
            ring.Publish(sequence);
        }
    }

    private static void ProduceInBatches(RingBuffer<PerfEvent> ring, long events, int batch)
    {
        long value = 0;
        while (value < events)
        {
            int n = (int)Math.Min(batch, events - value);
            long hi = ring.Next(n);
            long lo = hi - n + 1;
            for (long sequence = lo; sequence <= hi; sequence++)
            {
                ring[sequence].Value = value++;
            }

            ring.Publish(lo, hi);
        }
    }
}
