namespace TickStream.Client;

/// <summary>Indexes of <see cref="CounterBlock"/>.</summary>
internal enum Counter
{
    FramesReceived,
    Trades,
    Quotes,
    BookUpdates,
    Heartbeats,
    StreamStarts,
    Snapshots,
    InstrumentDefinitions,
    Gaps,
    MissingFrames,
    Duplicates,
    Malformed,
    StaleEvents,
    Restarts,
    TailLosses,
    RecordsDropped,
    LatencyOutOfRange,
    HandlerFaults,
    GapsRepaired,
    FramesRepaired,
    GapsLost,
    RepairRequests,
    RepairFailures,
    TailChecks,
    TailsRepaired,
    GapsUnrepairedAtClose,
    FramesDeliveredAtClose,
    Count,
}
