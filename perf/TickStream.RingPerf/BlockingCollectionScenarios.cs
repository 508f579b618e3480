using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace TickStream.RingPerf;

/// <summary>Baseline: bounded <see cref="BlockingCollection{T}"/> per stage, <c>Add</c> and <c>Take</c>.</summary>
internal static class BlockingCollectionScenarios
{
    public static RunResult Throughput(long events, int stages, int capacity, TimeSpan timeout)
    {
        using var completion = new Completion(events - 1);
        var queues = Create(stages, capacity);
        var threads = StartStages(queues, events, completion, histogram: null, warmup: 0);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long start = Stopwatch.GetTimestamp();
        var head = queues[0];
        for (long i = 0; i < events; i++)
        {
            head.Add(new PerfEvent { Value = i });
        }

        var result = RunResult.Measure(events, start, allocatedBefore, completion, timeout);
        Join(threads, queues);
        return result;
    }

    public static LatencyResult Latency(long events, long warmup, int capacity, long ratePerSecond, TimeSpan timeout)
    {
        using var completion = new Completion(events - 1);
        var histogram = LatencyResult.NewHistogram();
        var queues = Create(1, capacity);
        var threads = StartStages(queues, events, completion, histogram, warmup);
        long interval = Stopwatch.Frequency / ratePerSecond;
        long due = Stopwatch.GetTimestamp();
        for (long i = 0; i < events; i++)
        {
            due = Timing.PaceUntil(due, interval);
            queues[0].Add(new PerfEvent { Value = i, Stamp = Stopwatch.GetTimestamp() });
        }

        bool completed = completion.Wait(timeout);
        Join(threads, queues);
        return LatencyResult.From(histogram, completed);
    }

    private static BlockingCollection<PerfEvent>[] Create(int stages, int capacity)
    {
        var queues = new BlockingCollection<PerfEvent>[stages];
        for (int i = 0; i < stages; i++)
        {
            queues[i] = new BlockingCollection<PerfEvent>(new ConcurrentQueue<PerfEvent>(), capacity);
        }

        return queues;
    }

    private static Thread[] StartStages(BlockingCollection<PerfEvent>[] queues, long events, Completion completion, LongHistogram? histogram, long warmup)
    {
        var threads = new Thread[queues.Length];
        for (int i = 0; i < queues.Length; i++)
        {
            var input = queues[i];
            var output = i + 1 < queues.Length ? queues[i + 1] : null;
            threads[i] = new Thread(() => Stage(input, output, events, completion, histogram, warmup)) { IsBackground = true, Name = "bc-stage-" + i };
            threads[i].Start();
        }

        return threads;
    }

    private static void Stage(BlockingCollection<PerfEvent> input, BlockingCollection<PerfEvent>? output, long events, Completion completion, LongHistogram? histogram, long warmup)
    {
        long sum = 0;
        for (long count = 0; count < events; count++)
        {
            var evt = input.Take();
            if (output is not null)
            {
                evt.PayloadA += evt.Value;
                output.Add(evt);
            }
            else
            {
                if (histogram is not null && evt.Value >= warmup)
                {
                    histogram.RecordValue(Timing.TicksToNanoseconds(Stopwatch.GetTimestamp() - evt.Stamp));
                }

                sum += evt.Value;
            }
        }

        if (output is null)
        {
            completion.Finish(events, sum);
        }
    }

    private static void Join(Thread[] threads, BlockingCollection<PerfEvent>[] queues)
    {
        foreach (var thread in threads)
        {
            thread.Join(TimeSpan.FromSeconds(10));
        }

        foreach (var queue in queues)
        {
            queue.Dispose();
        }
    }
}
