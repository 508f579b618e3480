using System.Diagnostics;
using System.Threading.Channels;
using HdrHistogram;

namespace TickStream.RingPerf;

/// <summary>Baseline: bounded <see cref="Channel"/> per stage (single reader, single writer, wait when full),
/// async producer and consumers on the thread pool.</summary>
internal static class ChannelScenarios
{
    public static RunResult Throughput(long events, int stages, int capacity, TimeSpan timeout)
    {
        using var completion = new Completion(events - 1);
        var channels = Create(stages, capacity);
        var consumers = StartStages(channels, events, completion, histogram: null, warmup: 0);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long start = Stopwatch.GetTimestamp();
        var producer = Task.Run(() => ProduceAsync(channels[0].Writer, events));
        var result = RunResult.Measure(events, start, allocatedBefore, completion, timeout);
        Task.WaitAll([producer, .. consumers], TimeSpan.FromSeconds(10));
        return result;
    }

    public static LatencyResult Latency(long events, long warmup, int capacity, long ratePerSecond, TimeSpan timeout)
    {
        using var completion = new Completion(events - 1);
        var histogram = LatencyResult.NewHistogram();
        var channels = Create(1, capacity);
        var consumers = StartStages(channels, events, completion, histogram, warmup);
        var writer = channels[0].Writer;
        long interval = Stopwatch.Frequency / ratePerSecond;
        long due = Stopwatch.GetTimestamp();
        for (long i = 0; i < events; i++)
        {
            due = Timing.PaceUntil(due, interval);
            var evt = new PerfEvent { Value = i, Stamp = Stopwatch.GetTimestamp() };
            if (!writer.TryWrite(evt))
            {
                writer.WriteAsync(evt).AsTask().GetAwaiter().GetResult();
            }
        }

        bool completed = completion.Wait(timeout);
        Task.WaitAll(consumers, TimeSpan.FromSeconds(10));
        return LatencyResult.From(histogram, completed);
    }

    private static Channel<PerfEvent>[] Create(int stages, int capacity)
    {
        var options = new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        };
        var channels = new Channel<PerfEvent>[stages];
        for (int i = 0; i < stages; i++)
        {
            channels[i] = Channel.CreateBounded<PerfEvent>(options);
        }

        return channels;
    }

    private static Task[] StartStages(Channel<PerfEvent>[] channels, long events, Completion completion, LongHistogram? histogram, long warmup)
    {
        var tasks = new Task[channels.Length];
        for (int i = 0; i < channels.Length; i++)
        {
            var input = channels[i].Reader;
            var output = i + 1 < channels.Length ? channels[i + 1].Writer : null;
            tasks[i] = Task.Run(() => StageAsync(input, output, events, completion, histogram, warmup));
        }

        return tasks;
    }

    private static async Task ProduceAsync(ChannelWriter<PerfEvent> writer, long events)
    {
        for (long i = 0; i < events; i++)
        {
            var evt = new PerfEvent { Value = i };
            if (!writer.TryWrite(evt))
            {
                await writer.WriteAsync(evt).ConfigureAwait(false);
            }
        }
    }

    private static async Task StageAsync(ChannelReader<PerfEvent> input, ChannelWriter<PerfEvent>? output, long events, Completion completion, LongHistogram? histogram, long warmup)
    {
        long count = 0;
        long sum = 0;
        while (count < events && await input.WaitToReadAsync().ConfigureAwait(false))
        {
            while (input.TryRead(out var evt))
            {
                count++;
                if (output is not null)
                {
                    evt.PayloadA += evt.Value;
                    if (!output.TryWrite(evt))
                    {
                        await output.WriteAsync(evt).ConfigureAwait(false);
                    }
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
        }

        if (output is null)
        {
            completion.Finish(count, sum);
        }
    }
}
