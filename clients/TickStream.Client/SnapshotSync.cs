using System.Buffers.Binary;
using TickStream.Wire;

namespace TickStream.Client;

/// <summary>
/// The Clone pattern's bookkeeping: after a gateway snapshot, apply only live Quotes and Trades with a newer
/// symbol sequence than the state held, and report a jump as a gap (which calls for a new snapshot).
/// </summary>
/// <remarks>
/// Use: subscribe first, then request the snapshot (<see cref="SnapshotClient"/>), feed each Snapshot frame to
/// <see cref="ApplySnapshot"/>, then pass every live message through <see cref="Check(ReadOnlySpan{byte})"/>. Frames that arrive
/// between the subscription and the snapshot are duplicates and are dropped; a subscription that became live
/// after the snapshot shows as a gap and is healed by the next snapshot. Not thread-safe: one receive thread.
/// Checking a frame of a tracked symbol allocates nothing.
/// </remarks>
public sealed class SnapshotSync
{
    private const int PrefixStreamSeq = 8;
    private const int PrefixSymbolSeq = 16;
    private const int PrefixStreamId = 8 + 36;
    private const int PrefixSymbol = 8 + 40;
    private readonly Dictionary<TrackKey, ulong> _last = [];

    /// <summary>How many (stream, symbol, class) sequences are tracked.</summary>
    public int Tracked => _last.Count;

    /// <summary>Updates dropped as duplicates.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Gaps seen since the last snapshot.</summary>
    public long Gaps { get; private set; }

    /// <summary>
    /// Takes one Snapshot message (topic and SBE frame, or the SBE frame alone) as the state of its symbol. The
    /// tracked sequence only moves forward: a snapshot older than what was already applied changes nothing.
    /// </summary>
    /// <param name="message">The Snapshot message.</param>
    /// <returns>False when it is not a Snapshot frame.</returns>
    public bool ApplySnapshot(ReadOnlySpan<byte> message)
    {
        var frame = Topic.TrySplit(message, out _, out var body) ? body : message;
        if (!SnapshotDecoder.TryWrap(frame, out var snapshot, out _))
        {
            return false;
        }

        var streamId = snapshot.StreamId;
        var symbol = snapshot.Symbol;
        Set(Key(streamId, symbol, TickKind.Quote), snapshot.QuoteSymbolSeq);
        Set(Key(streamId, symbol, TickKind.Trade), snapshot.TradeSymbolSeq);
        return true;
    }

    /// <summary>Forgets everything.</summary>
    public void Clear() => _last.Clear();

    /// <summary>
    /// Forgets one stream's state: it restarted with a new session, so its sequences start again at 1 and the
    /// sequences held would otherwise make every new update look like a duplicate.
    /// </summary>
    /// <param name="streamId">The stream.</param>
    /// <returns>How many (symbol, class) sequences were forgotten.</returns>
    public int Clear(ushort streamId)
    {
        var removed = 0;
        foreach (var key in _last.Keys)
        {
            // Removing the current key while enumerating is allowed for Dictionary.
            if (key.StreamAndKind >> 8 == streamId && _last.Remove(key))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Decides about one live message and, when applied, advances the state.</summary>
    /// <param name="message">A live message: topic then SBE frame.</param>
    /// <returns>The decision.</returns>
    public SyncDecision Check(ReadOnlySpan<byte> message) =>
        Topic.TrySplit(message, out var topic, out var frame) ? Check(topic, frame) : SyncDecision.NotTracked;

    /// <summary>Decides about one live message given as its topic and its SBE frame.</summary>
    /// <param name="topic">The topic, including its terminator.</param>
    /// <param name="frame">The SBE frame.</param>
    /// <returns>The decision.</returns>
    public SyncDecision Check(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> frame)
    {
        if (!TryKeyOfLiveTick(topic, frame, out var key) || !_last.TryGetValue(key, out var last))
        {
            return SyncDecision.NotTracked;
        }

        var seq = BinaryPrimitives.ReadUInt64LittleEndian(frame[PrefixSymbolSeq..]);
        if (seq <= last)
        {
            Duplicates++;
            return SyncDecision.Duplicate;
        }

        _last[key] = seq;

        // No state yet (0): whatever arrives first is the start, not a gap.
        if (last != 0 && seq != last + 1)
        {
            Gaps++;
            return SyncDecision.Gap;
        }

        return SyncDecision.Apply;
    }

    /// <summary>
    /// Starts tracking the (stream, symbol, class) of a live Quote or Trade from its sequence when it is not
    /// tracked yet, so that later gaps are seen even when no snapshot covered it (the gateway had nothing cached
    /// for it: a quiet symbol, or a gateway that has just restarted).
    /// </summary>
    /// <param name="topic">The topic, including its terminator.</param>
    /// <param name="frame">The SBE frame.</param>
    /// <returns>True when tracking started; false when already tracked or not a Quote or Trade.</returns>
    public bool Track(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> frame) =>
        TryKeyOfLiveTick(topic, frame, out var key) && _last.TryAdd(key, BinaryPrimitives.ReadUInt64LittleEndian(frame[PrefixSymbolSeq..]));

    // The (stream, symbol, class) of a live Quote or Trade; false for any other message or a frame too short.
    private static bool TryKeyOfLiveTick(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> frame, out TrackKey key)
    {
        if (topic.IsEmpty || frame.Length < PrefixSymbol + Topic.MaxSymbolLength
            || topic[0] is not ((byte)TopicClass.Quote or (byte)TopicClass.Trade))
        {
            key = default;
            return false;
        }

        var kind = topic[0] == (byte)TopicClass.Quote ? TickKind.Quote : TickKind.Trade;
        key = Key(BinaryPrimitives.ReadUInt16LittleEndian(frame[PrefixStreamId..]), frame.Slice(PrefixSymbol, Topic.MaxSymbolLength), kind);
        return true;
    }

    private void Set(TrackKey key, ulong seq)
    {
        var value = seq == ulong.MaxValue ? 0 : seq;
        if (!_last.TryGetValue(key, out var known) || value > known)
        {
            _last[key] = value;
        }
    }

    private static TrackKey Key(ushort streamId, ReadOnlySpan<byte> symbol, TickKind kind)
    {
        Span<byte> packed = stackalloc byte[16];
        packed.Clear();
        var length = symbol.IndexOf((byte)0);
        symbol[..(length < 0 ? Math.Min(symbol.Length, 16) : length)].CopyTo(packed);
        return new TrackKey(BinaryPrimitives.ReadUInt64LittleEndian(packed), BinaryPrimitives.ReadUInt64LittleEndian(packed[8..]), streamId, kind);
    }
}
