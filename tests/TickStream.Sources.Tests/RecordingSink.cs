namespace TickStream.Sources.Tests;

/// <summary>Keeps a copy of every tick; thread-safe so a test thread can watch while a source thread writes.</summary>
internal sealed class RecordingSink : ITickSink
{
    private readonly List<RawTick> _ticks = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _ticks.Count;
            }
        }
    }

    public RawTick[] Ticks
    {
        get
        {
            lock (_lock)
            {
                return [.. _ticks];
            }
        }
    }

    public void OnTick(ref RawTick tick)
    {
        lock (_lock)
        {
            _ticks.Add(tick);
        }
    }
}
