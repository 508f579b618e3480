using System.Runtime.CompilerServices;
using TickStream.Wire;

namespace TickStream.Client;

/// <summary>
/// A read-only view over one received frame, valid only during the callback that receives it: no copy, no
/// allocation. Copy out what you need to keep (or use <see cref="TickSubscriber.ReadAllAsync"/> records).
/// </summary>
/// <remarks>
/// Fields that belong to one kind (<see cref="TradePrice"/>, <see cref="BidPrice"/>, ...) throw
/// <see cref="InvalidOperationException"/> on a frame of another kind. Prices are fixed-point mantissas with the
/// exponent -9 (see <see cref="Price9"/>); times are nanoseconds since the Unix epoch.
/// </remarks>
public readonly ref struct TickView
{
    private readonly ReadOnlySpan<byte> _frame;
    private readonly ReadOnlySpan<byte> _topic;

    internal TickView(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> frame, TickKind kind, long receiveTimeNs)
    {
        _topic = topic;
        _frame = frame;
        Kind = kind;
        ReceiveTimeNs = receiveTimeNs;
    }

    /// <summary>Which message this is.</summary>
    public TickKind Kind { get; }

    /// <summary>When this client took the frame off the socket: ns since the Unix epoch (DateTime.UtcNow).</summary>
    public long ReceiveTimeNs { get; }

    /// <summary>The topic, including its terminating <c>'|'</c>.</summary>
    public ReadOnlySpan<byte> Topic => _topic;

    /// <summary>The whole SBE frame, header included.</summary>
    public ReadOnlySpan<byte> Frame => _frame;

    /// <summary>The schema version the sender used.</summary>
    public ushort Version => FrameReader.Version(_frame);

    /// <summary>The stream the frame belongs to.</summary>
    public ushort StreamId => FrameReader.StreamId(_frame, Kind);

    /// <summary>The symbol (ASCII, without padding); empty for Heartbeat and StreamStart.</summary>
    public ReadOnlySpan<byte> Symbol
    {
        get
        {
            var offset = FrameReader.SymbolFieldOffset(Kind);
            return offset < 0 ? default : FrameReader.Text(_frame, offset, FrameReader.SymbolLength);
        }
    }

    /// <summary>True for Trade, Quote, BookUpdate and Snapshot: the kinds that carry the shared prefix.</summary>
    public bool HasTickPrefix => Kind is TickKind.Trade or TickKind.Quote or TickKind.BookUpdate or TickKind.Snapshot;

    /// <summary>The stream sequence: of the tick, or for a Heartbeat the last one the stream sent; 0 otherwise.</summary>
    public ulong StreamSeq => Kind switch
    {
        TickKind.Heartbeat => FrameReader.UInt64(_frame, FrameReader.HeartbeatStreamSeqOffset),
        _ when HasTickPrefix => FrameReader.UInt64(_frame, FrameReader.StreamSeqOffset),
        _ => 0,
    };

    /// <summary>The sequence among this symbol's frames of this class; 0 for kinds without one.</summary>
    public ulong SymbolSeq => HasTickPrefix ? FrameReader.UInt64(_frame, FrameReader.SymbolSeqOffset) : 0;

    /// <summary>When the venue stamped the event; 0 for kinds without one.</summary>
    public ulong ExchangeTimeNs => HasTickPrefix ? FrameReader.UInt64(_frame, FrameReader.ExchangeTimeOffset) : 0;

    /// <summary>When the feed handler read the tick; 0 for kinds without one.</summary>
    public ulong IngestTimeNs => HasTickPrefix ? FrameReader.UInt64(_frame, FrameReader.IngestTimeOffset) : 0;

    /// <summary>Receive time minus ingest time (same-host clocks only; see docs/WIRE.md); 0 without an ingest time.</summary>
    public long LatencyNs
    {
        get
        {
            var ingest = IngestTimeNs;
            return ingest == 0 ? 0 : ReceiveTimeNs - (long)ingest;
        }
    }

    /// <summary>The stamp of a Heartbeat, StreamStart or InstrumentDefinition; 0 for ticks.</summary>
    public ulong ControlTimeNs => Kind switch
    {
        TickKind.Heartbeat or TickKind.StreamStart => FrameReader.UInt64(_frame, FrameReader.ControlTimeOffset),
        TickKind.InstrumentDefinition => FrameReader.UInt64(_frame, FrameReader.DefinitionTimeOffset),
        _ => 0,
    };

    /// <summary>The feed handler's instrument id; 0 for kinds without one.</summary>
    public uint InstrumentId => Kind switch
    {
        TickKind.InstrumentDefinition => FrameReader.UInt32(_frame, FrameReader.DefinitionInstrumentIdOffset),
        _ when HasTickPrefix => FrameReader.UInt32(_frame, FrameReader.InstrumentIdOffset),
        _ => 0,
    };

    /// <summary>The TickFlags bit set (bit 0 Synthetic, 1 Crossed, 2 OddLot, 3 CrossTrade, 4 NonDisplayed, 5 Recovered).</summary>
    public ushort Flags => HasTickPrefix ? FrameReader.UInt16(_frame, FrameReader.FlagsOffset) : (ushort)0;

    /// <summary>The venue's MIC (ASCII); empty for kinds without one.</summary>
    public ReadOnlySpan<byte> Venue => Kind switch
    {
        TickKind.InstrumentDefinition => FrameReader.Text(_frame, FrameReader.DefinitionSymbolOffset + FrameReader.SymbolLength, FrameReader.VenueLength),
        _ when HasTickPrefix => FrameReader.Text(_frame, FrameReader.VenueOffset, FrameReader.VenueLength),
        _ => default,
    };

    /// <summary>Trade: the price mantissa.</summary>
    public long TradePrice => FrameReader.Int64(Expect(TickKind.Trade), FrameReader.TradePriceOffset);

    /// <summary>Trade: the size.</summary>
    public long TradeSize => FrameReader.Int64(Expect(TickKind.Trade), FrameReader.TradeSizeOffset);

    /// <summary>Trade: the venue's trade number.</summary>
    public ulong TradeId => FrameReader.UInt64(Expect(TickKind.Trade), FrameReader.TradeIdOffset);

    /// <summary>Trade: 0 Unknown, 1 Buy, 2 Sell.</summary>
    public byte AggressorSide => Expect(TickKind.Trade)[FrameReader.AggressorSideOffset];

    /// <summary>Quote: the bid price mantissa; <see cref="Price9.Null"/> when the bid side is empty.</summary>
    public long BidPrice => FrameReader.Int64(Expect(TickKind.Quote), FrameReader.BidPriceOffset);

    /// <summary>Quote: the bid size.</summary>
    public long BidSize => FrameReader.Int64(Expect(TickKind.Quote), FrameReader.BidSizeOffset);

    /// <summary>Quote: the ask price mantissa; <see cref="Price9.Null"/> when the ask side is empty.</summary>
    public long AskPrice => FrameReader.Int64(Expect(TickKind.Quote), FrameReader.AskPriceOffset);

    /// <summary>Quote: the ask size.</summary>
    public long AskSize => FrameReader.Int64(Expect(TickKind.Quote), FrameReader.AskSizeOffset);

    /// <summary>StreamStart: the session id; a new value for a stream means its sequences restarted.</summary>
    public ulong SessionId => FrameReader.UInt64(Expect(TickKind.StreamStart), FrameReader.StreamStartSessionIdOffset);

    /// <summary>StreamStart: the stream's name (UTF-8); empty when cut off.</summary>
    public ReadOnlySpan<byte> StreamName =>
        FrameReader.VarData(Expect(TickKind.StreamStart), FrameReader.HeaderLength + FrameReader.BlockLength(_frame));

    /// <summary>BookUpdate: the number of levels, or 0 when the group lies outside the frame.</summary>
    public int BookLevelCount => Math.Max(0, FrameReader.BookLevelCount(Expect(TickKind.BookUpdate), out _, out _));

    /// <summary>BookUpdate: one changed level.</summary>
    /// <param name="index">0 to <see cref="BookLevelCount"/> - 1.</param>
    /// <returns>The level.</returns>
    public BookLevel GetBookLevel(int index)
    {
        var count = FrameReader.BookLevelCount(Expect(TickKind.BookUpdate), out var entryLength, out var first);
        if ((uint)index >= (uint)Math.Max(0, count))
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"the frame has {Math.Max(0, count)} levels");
        }

        var entry = _frame.Slice(first + (index * entryLength), entryLength);
        return new BookLevel(FrameReader.Int64(entry, 0), FrameReader.Int64(entry, 8), entry[16], entry[17], entry[18]);
    }

    /// <summary>Trade: the generated SBE decoder over this frame, for every field of the schema.</summary>
    /// <returns>The decoder.</returns>
    public TradeDecoder AsTrade()
    {
        TradeDecoder.TryWrap(Expect(TickKind.Trade), out var decoder, out _);
        return decoder;
    }

    /// <summary>Quote: the generated SBE decoder over this frame.</summary>
    /// <returns>The decoder.</returns>
    public QuoteDecoder AsQuote()
    {
        QuoteDecoder.TryWrap(Expect(TickKind.Quote), out var decoder, out _);
        return decoder;
    }

    /// <summary>BookUpdate: the generated SBE decoder over this frame (its levels group with <c>TryGetLevels</c>).</summary>
    /// <returns>The decoder.</returns>
    public BookUpdateDecoder AsBookUpdate()
    {
        BookUpdateDecoder.TryWrap(Expect(TickKind.BookUpdate), out var decoder, out _);
        return decoder;
    }

    /// <summary>Heartbeat: the generated SBE decoder over this frame.</summary>
    /// <returns>The decoder.</returns>
    public HeartbeatDecoder AsHeartbeat()
    {
        HeartbeatDecoder.TryWrap(Expect(TickKind.Heartbeat), out var decoder, out _);
        return decoder;
    }

    /// <summary>StreamStart: the generated SBE decoder over this frame.</summary>
    /// <returns>The decoder.</returns>
    public StreamStartDecoder AsStreamStart()
    {
        StreamStartDecoder.TryWrap(Expect(TickKind.StreamStart), out var decoder, out _);
        return decoder;
    }

    /// <summary>Snapshot: the generated SBE decoder over this frame.</summary>
    /// <returns>The decoder.</returns>
    public SnapshotDecoder AsSnapshot()
    {
        SnapshotDecoder.TryWrap(Expect(TickKind.Snapshot), out var decoder, out _);
        return decoder;
    }

    /// <summary>InstrumentDefinition: the generated SBE decoder over this frame.</summary>
    /// <returns>The decoder.</returns>
    public InstrumentDefinitionDecoder AsInstrumentDefinition()
    {
        InstrumentDefinitionDecoder.TryWrap(Expect(TickKind.InstrumentDefinition), out var decoder, out _);
        return decoder;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Expect(TickKind kind)
    {
        if (Kind != kind)
        {
            ThrowWrongKind(kind, Kind);
        }

        return _frame;
    }

    private static void ThrowWrongKind(TickKind wanted, TickKind actual) =>
        throw new InvalidOperationException($"a {wanted} field was read from a {actual} frame");
}
