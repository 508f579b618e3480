namespace TickStream.Client;

/// <summary>
/// A copy of one accepted frame's main fields, for <see cref="TickSubscriber.ReadAllAsync"/>. A struct whose
/// <see cref="Symbol"/> is the subscriber's one string per symbol, so writing records allocates nothing.
/// </summary>
/// <remarks>Fields a kind does not have are 0 (prices: <see cref="Price9.Null"/>).</remarks>
public readonly record struct TickRecord
{
    /// <summary>Which message this is.</summary>
    public TickKind Kind { get; init; }

    /// <summary>The stream the frame belongs to.</summary>
    public ushort StreamId { get; init; }

    /// <summary>The symbol; empty for Heartbeat and StreamStart.</summary>
    public string Symbol { get; init; }

    /// <summary>The stream sequence (for a Heartbeat, the last one the stream sent).</summary>
    public ulong StreamSeq { get; init; }

    /// <summary>The sequence among this symbol's frames of this class.</summary>
    public ulong SymbolSeq { get; init; }

    /// <summary>When the venue stamped the event (ns since the Unix epoch); for control frames their stamp.</summary>
    public ulong ExchangeTimeNs { get; init; }

    /// <summary>When the feed handler read the tick (ns since the Unix epoch).</summary>
    public ulong IngestTimeNs { get; init; }

    /// <summary>When this client received the frame (ns since the Unix epoch).</summary>
    public long ReceiveTimeNs { get; init; }

    /// <summary>Trade price, or for a Quote the bid price (mantissa, exponent -9).</summary>
    public long Price { get; init; }

    /// <summary>Trade size, or for a Quote the bid size.</summary>
    public long Size { get; init; }

    /// <summary>Quote: the ask price mantissa.</summary>
    public long AskPrice { get; init; }

    /// <summary>Quote: the ask size.</summary>
    public long AskSize { get; init; }

    /// <summary>StreamStart: the session id.</summary>
    public ulong SessionId { get; init; }

    /// <summary>The TickFlags bit set.</summary>
    public ushort Flags { get; init; }

    /// <summary>Receive time minus ingest time; 0 without an ingest time.</summary>
    public long LatencyNs => IngestTimeNs == 0 ? 0 : ReceiveTimeNs - (long)IngestTimeNs;
}
