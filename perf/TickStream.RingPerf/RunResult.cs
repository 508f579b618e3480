using System.Diagnostics;

namespace TickStream.RingPerf;

/// <summary>One timed run: events moved, wall time from the first publish to the last consume, bytes allocated
/// by the whole process meanwhile.</summary>
internal readonly record struct RunResult(long Events, long ElapsedTicks, long AllocatedBytes, bool Completed)
{
    public double EventsPerSecond => Events / ((double)ElapsedTicks / Stopwatch.Frequency);

    public double BytesPerEvent => (double)AllocatedBytes / Events;

    public static RunResult Measure(long events, long startTimestamp, long allocatedBefore, Completion completion, TimeSpan timeout)
    {
        bool completed = completion.Wait(timeout);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        if (completed && (completion.Count != events || completion.Sum != events * (events - 1) / 2))
        {
            throw new InvalidOperationException($"consumer saw {completion.Count} events with sum {completion.Sum}: lost or duplicated events");
        }

        return new RunResult(events, (completed ? completion.EndTimestamp : Stopwatch.GetTimestamp()) - startTimestamp, allocated, completed);
    }
}
