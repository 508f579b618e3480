using System.Runtime.CompilerServices;

namespace TickStream.Client;

/// <summary>
/// Counters written by the receive thread only and read by anyone: plain increments, volatile reads. Padded at
/// both ends so that no other thread's hot data shares their cache lines.
/// </summary>
internal sealed class CounterBlock
{
    private const int Padding = 16;
    private readonly long[] _values = new long[(int)Counter.Count + (2 * Padding)];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Increment(Counter counter) => _values[Padding + (int)counter]++;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(Counter counter, long amount) => _values[Padding + (int)counter] += amount;

    /// <summary>Only for counters that other threads also bump (records dropped by the channel).</summary>
    public void IncrementShared(Counter counter) => Interlocked.Increment(ref _values[Padding + (int)counter]);

    public long Read(Counter counter) => Volatile.Read(ref _values[Padding + (int)counter]);

    public SubscriberCounters Snapshot() => new()
    {
        FramesReceived = Read(Counter.FramesReceived),
        Trades = Read(Counter.Trades),
        Quotes = Read(Counter.Quotes),
        BookUpdates = Read(Counter.BookUpdates),
        Heartbeats = Read(Counter.Heartbeats),
        StreamStarts = Read(Counter.StreamStarts),
        Snapshots = Read(Counter.Snapshots),
        InstrumentDefinitions = Read(Counter.InstrumentDefinitions),
        Gaps = Read(Counter.Gaps),
        MissingFrames = Read(Counter.MissingFrames),
        Duplicates = Read(Counter.Duplicates),
        Malformed = Read(Counter.Malformed),
        StaleEvents = Read(Counter.StaleEvents),
        Restarts = Read(Counter.Restarts),
        TailLosses = Read(Counter.TailLosses),
        RecordsDropped = Read(Counter.RecordsDropped),
        LatencyOutOfRange = Read(Counter.LatencyOutOfRange),
        HandlerFaults = Read(Counter.HandlerFaults),
        GapsRepaired = Read(Counter.GapsRepaired),
        FramesRepaired = Read(Counter.FramesRepaired),
        GapsLost = Read(Counter.GapsLost),
        RepairRequests = Read(Counter.RepairRequests),
        RepairFailures = Read(Counter.RepairFailures),
        TailChecks = Read(Counter.TailChecks),
        TailsRepaired = Read(Counter.TailsRepaired),
        GapsUnrepairedAtClose = Read(Counter.GapsUnrepairedAtClose),
        FramesDeliveredAtClose = Read(Counter.FramesDeliveredAtClose),
    };
}
