namespace TickStream.Client;

/// <summary>A snapshot of a <see cref="TickSubscriber"/>'s counters.</summary>
public readonly record struct SubscriberCounters
{
    /// <summary>Messages taken off the socket, malformed ones included.</summary>
    public long FramesReceived { get; init; }

    /// <summary>Trades accepted.</summary>
    public long Trades { get; init; }

    /// <summary>Quotes accepted.</summary>
    public long Quotes { get; init; }

    /// <summary>Book updates accepted.</summary>
    public long BookUpdates { get; init; }

    /// <summary>Heartbeats received.</summary>
    public long Heartbeats { get; init; }

    /// <summary>StreamStarts received.</summary>
    public long StreamStarts { get; init; }

    /// <summary>Snapshots received.</summary>
    public long Snapshots { get; init; }

    /// <summary>Instrument definitions received.</summary>
    public long InstrumentDefinitions { get; init; }

    /// <summary>
    /// Sequence gaps (each a run of one or more lost frames). With repair (<see cref="TickSubscriberOptions.RequestEndpoint"/>)
    /// only what is still missing after the repair: a gap fully repaired is counted in <see cref="GapsRepaired"/> instead.
    /// </summary>
    public long Gaps { get; init; }

    /// <summary>Frames lost in all gaps (with repair: still missing after it).</summary>
    public long MissingFrames { get; init; }

    /// <summary>Duplicate or out-of-order frames dropped.</summary>
    public long Duplicates { get; init; }

    /// <summary>Messages dropped as malformed (no topic, not schema 100, too short, unknown template).</summary>
    public long Malformed { get; init; }

    /// <summary>Times a stream went stale.</summary>
    public long StaleEvents { get; init; }

    /// <summary>Stream restarts seen (a new session id).</summary>
    public long Restarts { get; init; }

    /// <summary>Frames lost at a stream's tail, found from Heartbeat.streamSeq while subscribed to everything.</summary>
    public long TailLosses { get; init; }

    /// <summary>Records dropped because the reader of <see cref="TickSubscriber.ReadAllAsync"/> fell behind.</summary>
    public long RecordsDropped { get; init; }

    /// <summary>Latencies outside 1 ns .. 1 min (clock skew, replayed data), not recorded.</summary>
    public long LatencyOutOfRange { get; init; }

    /// <summary>Exceptions thrown by the tick handler or event handlers, caught on the receive thread.</summary>
    public long HandlerFaults { get; init; }

    /// <summary>With repair: gaps whose every missing frame was retransmitted and delivered in order.</summary>
    public long GapsRepaired { get; init; }

    /// <summary>With repair: retransmitted frames delivered (each one a frame that would have been lost).</summary>
    public long FramesRepaired { get; init; }

    /// <summary>
    /// With repair: runs of frames still missing after a repair (not in the server's window or journal, no reply in
    /// time, or given up because the hold limit was reached); each is also counted in <see cref="Gaps"/>.
    /// </summary>
    public long GapsLost { get; init; }

    /// <summary>With repair: RETRANSMIT requests sent (one may cover several gaps of a stream).</summary>
    public long RepairRequests { get; init; }

    /// <summary>With repair: RETRANSMIT requests answered with ERROR or not answered in time.</summary>
    public long RepairFailures { get; init; }

    /// <summary>
    /// With repair: keys asked for by a tail check (a Heartbeat's streamSeq above the stream's last tick while the
    /// subscriber's keys were quiet, <see cref="TickSubscriberOptions.TailRepairQuiet"/>), each an open-ended range
    /// after the key's last frame; counted in <see cref="RepairRequests"/> too, which they join.
    /// </summary>
    public long TailChecks { get; init; }

    /// <summary>
    /// With repair: tail checks that brought lost frames back (a lost tail repaired; counted in
    /// <see cref="GapsRepaired"/> too, its frames in <see cref="FramesRepaired"/>). A check that brought nothing found
    /// nothing missing and counts nowhere else.
    /// </summary>
    public long TailsRepaired { get; init; }

    /// <summary>
    /// With repair: gaps (and tail checks) still outstanding when the subscriber stopped. Their frames held meanwhile
    /// were delivered in order before it stopped (<see cref="FramesDeliveredAtClose"/>); the runs known missing are
    /// counted lost (<see cref="GapsLost"/>, <see cref="Gaps"/>, <see cref="MissingFrames"/>, <see cref="TickSubscriber.GapDetected"/>).
    /// </summary>
    public long GapsUnrepairedAtClose { get; init; }

    /// <summary>With repair: held live frames delivered when the subscriber stopped with repairs outstanding.</summary>
    public long FramesDeliveredAtClose { get; init; }
}
