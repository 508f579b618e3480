using TickStream.Disruptor;
using TickStream.Recovery;

namespace TickStream.FeedHandler;

/// <summary>How a feed handler publishes: bound from the <c>Feed</c> configuration section and the command line.</summary>
public sealed class FeedHandlerOptions
{
    /// <summary>The PUB endpoint: <c>tcp://*:5555</c> by default; any NetMQ endpoint (tcp, ipc, inproc).</summary>
    public string Publish { get; set; } = "tcp://*:5555";

    /// <summary>
    /// Messages ZeroMQ queues per subscriber before it drops for that subscriber; 0 for no limit. NetMQ's default
    /// of 1000 drops 15-30% of a fast feed on loopback, so the default here is a million.
    /// </summary>
    /// <remarks>
    /// NetMQ learns how far a subscriber's pipe has been read only every HWM - 1024 messages, so whatever the
    /// value (above 2048) only about 1024 messages of lag are guaranteed: a subscriber, or the publisher's own I/O
    /// thread, more than that behind at the wrong moment loses a run of frames (docs/RELIABILITY.md). 0 removes
    /// the check and the loss, and leaves the feed's memory unbounded if a subscriber stalls: for feed handlers
    /// whose only subscribers are trusted gateways.
    /// </remarks>
    public int SendHighWatermark { get; set; } = 1_000_000;

    /// <summary>Ring slots, a power of two.</summary>
    public int RingSize { get; set; } = 1 << 16;

    /// <summary>Whether a full ring makes sources wait (Block, the default: nothing is lost) or drop and count.</summary>
    public FullRingPolicy FullRingPolicy { get; set; } = FullRingPolicy.Block;

    /// <summary>Every stream sends a Heartbeat this often, busy or idle.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Where a journal of every published frame is written (docs/JOURNAL.md); none when null. The journal consumer
    /// runs beside the publisher, so publishing never waits for the disk.
    /// </summary>
    public string? JournalDirectory { get; set; }

    /// <summary>
    /// The ROUTER endpoint of the retransmission service (RETRANSMIT, CREDIT, CANCEL: docs/RECOVERY.md), served from
    /// a window of the last published frames and the journal behind it; none when null.
    /// </summary>
    public string? Request { get; set; }

    /// <summary>The retransmission window's size and the credit caps of the request service (<see cref="Request"/>).</summary>
    public TransferOptions Transfers { get; } = new();

    /// <summary>When the journal hands records to the OS and to the disk (docs/JOURNAL.md).</summary>
    public Journal.JournalFlushPolicy JournalFlushPolicy { get; set; } = Journal.JournalFlushPolicy.Interval;

    /// <summary>The loopback port of the metrics and health endpoint (<c>/metrics</c>, <c>/health</c>); none when null, a free one when 0.</summary>
    public int? MetricsPort { get; set; }

    /// <summary>Health turns bad when no tick has arrived for this long.</summary>
    public TimeSpan HealthStaleAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a stop may take to drain the ring and flush the socket.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the values; the message says which option is wrong and why.</summary>
    /// <param name="error">Why the options are not usable.</param>
    /// <returns>True when the options are usable.</returns>
    public bool IsValid(out string? error)
    {
        error = this switch
        {
            { Publish: null or "" } => "Feed:Publish: an endpoint such as tcp://*:5555 is required",
            { SendHighWatermark: < 0 } => $"Feed:SendHighWatermark: {SendHighWatermark} is negative (0 means no limit)",
            { RingSize: < 2 } => $"Feed:RingSize: {RingSize} is below 2",
            _ when (RingSize & (RingSize - 1)) != 0 => $"Feed:RingSize: {RingSize} is not a power of two",
            _ when HeartbeatInterval <= TimeSpan.Zero => $"Feed:HeartbeatInterval: {HeartbeatInterval} is not positive",
            { MetricsPort: < 0 or > 65535 } => $"Feed:MetricsPort: {MetricsPort} is not a port (0 picks a free one)",
            _ when HealthStaleAfter <= TimeSpan.Zero => $"Feed:HealthStaleAfter: {HealthStaleAfter} is not positive",
            _ when DrainTimeout < TimeSpan.Zero => $"Feed:DrainTimeout: {DrainTimeout} is negative",
            { Request: "" } => "Feed:Request: an endpoint such as tcp://*:5557, or none",
            _ => null,
        };
        if (error is null && Request is not null && !Transfers.IsValid("Feed", out error))
        {
            return false;
        }

        return error is null;
    }
}
