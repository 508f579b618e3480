using System.Diagnostics;

namespace TickStream.RingPerf;

/// <summary>Clock helpers: tick conversion and a paced spin for the latency producer.</summary>
internal static class Timing
{
    public static long TicksToNanoseconds(long ticks) =>
        Stopwatch.Frequency == 1_000_000_000 ? ticks : (long)(ticks * (1e9 / Stopwatch.Frequency));

    /// <summary>Waits until <paramref name="due"/>, yielding so the producer does not take the core the consumer
    /// under measurement needs (the stamp is taken after the wait, so pacing jitter is not measured); returns the
    /// next due time, reset when the producer fell more than a few intervals behind so it never bursts.</summary>
    public static long PaceUntil(long due, long interval)
    {
        long now;
        while ((now = Stopwatch.GetTimestamp()) < due)
        {
            Thread.Yield();
        }

        long next = due + interval;
        return now - next > 4 * interval ? now + interval : next;
    }
}
