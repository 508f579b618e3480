using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace TickStream.RingPerf;

/// <summary>Baseline: unbounded <see cref="ConcurrentQueue{T}"/> per stage, consumers spinning (then yielding) on
/// <c>TryDequeue</c>.</summary>
internal static class ConcurrentQueueScenarios
{
    public static RunResult Throughput(long events, int stages, TimeSpan timeout)
    {
        using var completion = new Completion(events - 1);
        var queues = new ConcurrentQueue<PerfEvent>[stages];
        for (int i = 0; i < stages; i++)
        {
            queues[i] = new ConcurrentQueue<PerfEvent>();
        }

        var threads = StartStages(queues, events, completion, histogram: null, warmup: 0);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long start = Stopwatch.GetTimestamp();
        var head = queues[0];
        for (long i = 0; i < events; i++)
        {
            head.Enqueue(new PerfEvent { Value = i });
        }

        var result = RunResult.Measure(events, start, allocatedBefore, completion, timeout);
        Join(threads);
        return result;
    }

    public static LatencyResult Latency(long events, long warmup, long ratePerSecond, TimeSpan timeout)
    {
        using var completion = new Completion(events - 1);
        var histogram = LatencyResult.NewHistogram();
        var queue = new ConcurrentQueue<PerfEvent>();
        var threads = StartStages([queue], events, completion, histogram, warmup);
        long interval = Stopwatch.Frequency / ratePerSecond;
        long due = Stopwatch.GetTimestamp();
        for (long i = 0; i < events; i++)
        {
            due = Timing.PaceUntil(due, interval);
            queue.Enqueue(new PerfEvent { Value = i, Stamp = Stopwatch.GetTimestamp() });
        }

        bool completed = completion.Wait(timeout);
        Join(threads);
        return LatencyResult.From(histogram, completed);
    }

    private static Thread[] StartStages(ConcurrentQueue<PerfEvent>[] queues, long events, Completion completion, LongHistogram? histogram, long warmup)
    {
        var threads = new Thread[queues.Length];
        for (int i = 0; i < queues.Length; i++)
        {
            var input = queues[i];
            var output = i + 1 < queues.Length ? queues[i + 1] : null;
            threads[i] = new Thread(() => Stage(input, output, events, completion, histogram, warmup)) { IsBackground = true, Name = "cq-stage-" + i };
            threads[i].Start();
        }

        return threads;
    }

    private static void Stage(ConcurrentQueue<PerfEvent> input, ConcurrentQueue<PerfEvent>? output, long events, Completion completion, LongHistogram? histogram, long warmup)
    {
        var spinner = default(SpinWait);
        long count = 0;
        long sum = 0;
        while (count < events)
        {
            if (input.TryDequeue(out var evt))
            {
                count++;
                if (output is not null)
                {
                    evt.PayloadA += evt.Value;
                    output.Enqueue(evt);
                }
                else
                {
                    if (histogram is not null && evt.Value >= warmup)
                    {
                        histogram.RecordValue(Timing.TicksToNanoseconds(Stopwatch.GetTimestamp() - evt.Stamp));
                    }

                    sum += evt.Value;
                }

                spinner = default;
            }
            else
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }

        if (output is null)
        {
            completion.Finish(count, sum);
        }
    }

    private static void Join(Thread[] threads)
    {
        foreach (var thread in threads)
        {
            thread.Join(TimeSpan.FromSeconds(10));
        }
    }
}
