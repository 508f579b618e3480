namespace TickStream.Sources;

/// <summary>A producer of ticks: the synthetic market, a tick file, a ZeroMQ PULL socket.</summary>
public interface ITickSource
{
    /// <summary>The stream name, e.g. "synthetic" or "csv:ticks.csv".</summary>
    string Name { get; }

    /// <summary>Counts of ticks read and inputs rejected, and the last error.</summary>
    SourceCounters Counters { get; }

    /// <summary>
    /// Runs on the calling thread until the source ends (end of file, tick limit) or <paramref name="ct"/> is
    /// cancelled; returns normally in both cases. Malformed input is counted and reported, never thrown.
    /// </summary>
    /// <param name="sink">Receives every tick.</param>
    /// <param name="ct">Stops the source.</param>
    void Run(ITickSink sink, CancellationToken ct);
}
