using System.Diagnostics;

namespace TickStream.RingPerf;

/// <summary>Set by the last consumer when it has seen the last event: when, and a checksum of what it saw.</summary>
internal sealed class Completion : IDisposable
{
    private readonly ManualResetEventSlim _done = new(false);

    public Completion(long lastValue)
    {
        LastValue = lastValue;
    }

    public long LastValue { get; }

    public long EndTimestamp { get; private set; }

    public long Count { get; private set; }

    public long Sum { get; private set; }

    public void Finish(long count, long sum)
    {
        EndTimestamp = Stopwatch.GetTimestamp();
        Count = count;
        Sum = sum;
        _done.Set();
    }

    public bool Wait(TimeSpan timeout) => _done.Wait(timeout);

    public void Dispose() => _done.Dispose();
}
