using System.Runtime.CompilerServices;
using System.Text;

namespace TickStream.Client;

/// <summary>
/// Sequence and liveness state of every (stream, symbol, class) and every stream seen, in arrays indexed by a
/// dense slot number; used by the receive thread only. Allocates when a new symbol or stream first appears,
/// never for a frame of a known one.
/// </summary>
/// <remarks>
/// <para>Times (<c>now</c>) are <see cref="Environment.TickCount64"/> milliseconds: monotonic and far cheaper per
/// frame than a high-resolution clock, and heartbeat timeouts are seconds.</para>
/// <para>The first frame of a slot sets its baseline (a late joiner has missed nothing it asked for); after that a
/// symbolSeq above last + 1 is a gap of last + 1 .. symbolSeq - 1, one at or below last a duplicate.</para>
/// <para>A new sessionId on a StreamStart resets the stream's slots to expect 1. The first StreamStart seen for a
/// stream is a restart only when it is newer than the first tick already seen on it; otherwise it is the start of
/// the session being watched (a gateway republishes StreamStart to late joiners).</para>
/// </remarks>
internal sealed class SequenceTracker
{
    private readonly CounterBlock _counters;
    private readonly ISequenceEvents _events;
    private readonly long _timeoutMs;
    private readonly Dictionary<TrackKey, int> _slotIndex = [];
    private readonly Dictionary<(ulong Low, ulong High), string> _symbols = [];
    private readonly Dictionary<ushort, int> _streamIndex = [];
    private Slot[] _slots = new Slot[256];
    private int _slotCount;
    private StreamState[] _streams = new StreamState[8];
    private int _streamCount;
    private bool _everything;

    public SequenceTracker(CounterBlock counters, ISequenceEvents events, TimeSpan heartbeatTimeout)
    {
        _counters = counters;
        _events = events;
        _timeoutMs = (long)Math.Ceiling(heartbeatTimeout.TotalMilliseconds);
    }

    public int StreamCount => _streamCount;

    /// <summary>When set, a gap is offered to it first: taken (true), it is counted when the repair ends, not now.</summary>
    public GapRepairer? Repairer { get; set; }

    /// <summary>Tracks a Trade, Quote or BookUpdate; false when it is a duplicate to drop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool OnTick(ReadOnlySpan<byte> frame, TickKind kind, ushort streamId, long now, out string symbol)
    {
        var stream = Touch(streamId, now);
        FrameReader.SymbolWords(frame, FrameReader.SymbolOffset, out var low, out var high);
        var key = new TrackKey(low, high, streamId, kind);
        if (!_slotIndex.TryGetValue(key, out var index))
        {
            index = AddSlot(key, stream, kind, frame, FrameReader.SymbolOffset);
        }

        ref var slot = ref _slots[index];
        symbol = slot.Symbol;
        var seq = FrameReader.UInt64(frame, FrameReader.SymbolSeqOffset);
        ref var state = ref _streams[stream];
        if (!state.HasSession && state.FirstTickIngestNs == 0)
        {
            state.FirstTickIngestNs = FrameReader.UInt64(frame, FrameReader.IngestTimeOffset);
        }

        var streamSeq = FrameReader.UInt64(frame, FrameReader.StreamSeqOffset);
        if (state.StreamSeqKnown)
        {
            state.LastStreamSeq = Math.Max(state.LastStreamSeq, streamSeq);
        }

        // What a tail check needs (CheckTails): plain stores, nothing else on this path.
        state.LastTickMs = now;
        state.TailChecked = false;
        if (streamSeq > state.LastTickStreamSeq)
        {
            state.LastTickStreamSeq = streamSeq;
        }

        if (!slot.Baselined)
        {
            slot.Baselined = true;
            slot.LastSeq = seq;
            slot.LastStreamSeq = streamSeq;
            return true;
        }

        if (seq <= slot.LastSeq)
        {
            _counters.Increment(Counter.Duplicates);
            return false;
        }

        if (seq != slot.LastSeq + 1 && !OfferRepair(ref slot, ref state, kind, seq, streamSeq))
        {
            _counters.Increment(Counter.Gaps);
            _counters.Add(Counter.MissingFrames, (long)(seq - slot.LastSeq - 1));
            _events.OnGap(streamId, slot.Symbol, kind, slot.LastSeq + 1, seq - 1);
        }

        slot.LastSeq = seq;
        slot.LastStreamSeq = streamSeq;
        return true;
    }

    public void OnHeartbeat(ushort streamId, ulong streamSeq, long now)
    {
        var stream = Touch(streamId, now);
        ref var state = ref _streams[stream];
        if (streamSeq > state.HeartbeatSeq)
        {
            state.HeartbeatSeq = streamSeq;
        }

        if (!_everything)
        {
            return;
        }

        // The first heartbeat after taking everything is the baseline: before it, frames were still filtered.
        if (state.StreamSeqKnown && streamSeq > state.LastStreamSeq)
        {
            var lost = streamSeq - state.LastStreamSeq;
            _counters.Add(Counter.TailLosses, (long)lost);
            _events.OnTailLoss(streamId, lost);
        }

        state.StreamSeqKnown = true;
        state.LastStreamSeq = Math.Max(state.LastStreamSeq, streamSeq);
    }

    public void OnStreamStart(ushort streamId, ulong sessionId, ulong timeNs, long now)
    {
        var stream = Touch(streamId, now);
        ref var state = ref _streams[stream];
        var restarted = state.HasSession
            ? state.SessionId != sessionId
            : state.FirstTickIngestNs != 0 && timeNs > state.FirstTickIngestNs;
        state.HasSession = true;
        state.SessionId = sessionId;
        if (!restarted)
        {
            return;
        }

        for (var i = 0; i < _slotCount; i++)
        {
            if (_slots[i].Stream == stream)
            {
                // Expect 1 of the new session: a first frame above it is a gap from the session's streamSeq 1.
                _slots[i].Baselined = true;
                _slots[i].LastSeq = 0;
                _slots[i].LastStreamSeq = 0;
            }
        }

        state.StreamSeqKnown = false;
        state.LastStreamSeq = 0;
        state.LastTickStreamSeq = 0;
        state.HeartbeatSeq = 0;
        state.TailChecked = true;
        _counters.Increment(Counter.Restarts);
        _events.OnRestart(streamId, sessionId);
    }

    /// <summary>The session a stream's last StreamStart named, if one was seen.</summary>
    public bool TryGetSession(ushort streamId, out ulong sessionId)
    {
        if (_streamIndex.TryGetValue(streamId, out var index) && _streams[index].HasSession)
        {
            sessionId = _streams[index].SessionId;
            return true;
        }

        sessionId = 0;
        return false;
    }

    /// <summary>Any other frame of a stream: proof of life.</summary>
    public void OnOther(ushort streamId, long now) => Touch(streamId, now);

    /// <summary>The one string of a symbol field (InstrumentDefinition, Snapshot), made on first sight.</summary>
    public string SymbolOf(ReadOnlySpan<byte> frame, int offset)
    {
        FrameReader.SymbolWords(frame, offset, out var low, out var high);
        if (!_symbols.TryGetValue((low, high), out var symbol))
        {
            symbol = Encoding.ASCII.GetString(FrameReader.Text(frame, offset, FrameReader.SymbolLength));
            _symbols.Add((low, high), symbol);
        }

        return symbol;
    }

    /// <summary>Marks streams silent for longer than the timeout stale (once each).</summary>
    public void CheckHealth(long now)
    {
        for (var i = 0; i < _streamCount; i++)
        {
            ref var state = ref _streams[i];
            var silent = now - state.LastActivity;
            if (!state.Stale && silent > _timeoutMs)
            {
                state.Stale = true;
                _counters.Increment(Counter.StaleEvents);
                _events.OnStale(state.StreamId, TimeSpan.FromMilliseconds(now - state.LastActivity));
            }
        }
    }

    /// <summary>
    /// The tail check (docs/RECOVERY.md section 4): a stream whose last Heartbeat's streamSeq is above the last tick
    /// received, and none of whose tracked keys sent anything for <paramref name="quietMs"/>, may have lost the last
    /// frames of a key, which no later frame of that key will reveal. Each key of the stream goes to the repairer as
    /// an open-ended gap from its last frame to the heartbeat's streamSeq, once per quiet period: a new tick of the
    /// stream arms the check again. Runs with the health check, never per frame.
    /// </summary>
    public void CheckTails(long now, long quietMs)
    {
        var repairer = Repairer;
        if (repairer is null)
        {
            return;
        }

        for (var i = 0; i < _streamCount; i++)
        {
            ref var state = ref _streams[i];
            if (state.TailChecked || state.LastTickMs == 0 || state.HeartbeatSeq <= state.LastTickStreamSeq
                || now - state.LastTickMs < quietMs || repairer.IsRepairing(state.StreamId))
            {
                continue;
            }

            state.TailChecked = true;
            for (var s = 0; s < _slotCount; s++)
            {
                ref var slot = ref _slots[s];
                if (slot.Stream == i && slot.Baselined && slot.LastStreamSeq < state.HeartbeatSeq)
                {
                    repairer.OnTailGap(state.StreamId, state.HasSession, state.SessionId, slot.Symbol, slot.Kind,
                        slot.LastSeq + 1, slot.LastStreamSeq + 1, state.HeartbeatSeq);
                }
            }
        }
    }

    /// <summary>
    /// A retransmitted frame delivered: its key's sequences move up to it (a repaired tail was revealed by no live
    /// frame, so the tracker has not seen it), never down.
    /// </summary>
    public void Advance(ReadOnlySpan<byte> frame, TickKind kind, ushort streamId)
    {
        FrameReader.SymbolWords(frame, FrameReader.SymbolOffset, out var low, out var high);
        if (_slotIndex.TryGetValue(new TrackKey(low, high, streamId, kind), out var index))
        {
            ref var slot = ref _slots[index];
            var seq = FrameReader.UInt64(frame, FrameReader.SymbolSeqOffset);
            if (seq > slot.LastSeq)
            {
                slot.LastSeq = seq;
                slot.LastStreamSeq = Math.Max(slot.LastStreamSeq, FrameReader.UInt64(frame, FrameReader.StreamSeqOffset));
            }
        }
    }

    /// <summary>Whether the stream is currently stale.</summary>
    public bool IsStale(ushort streamId) =>
        _streamIndex.TryGetValue(streamId, out var index) && _streams[index].Stale;

    /// <summary>
    /// Forgets the baselines of slots an unsubscribed prefix covered: a later resubscription starts afresh rather
    /// than reporting the frames it did not ask for as a gap.
    /// </summary>
    public void ForgetMatching(ReadOnlySpan<byte> prefix)
    {
        Span<byte> topic = stackalloc byte[Wire.Topic.MaxLength];
        for (var i = 0; i < _slotCount; i++)
        {
            ref var slot = ref _slots[i];
            var length = Wire.Topic.Write(topic, (Wire.TopicClass)ClassByte(slot.Kind), Encoding.ASCII.GetBytes(slot.Symbol));
            if (topic[..length].StartsWith(prefix))
            {
                slot.Baselined = false;
                slot.LastSeq = 0;
            }
        }
    }

    /// <summary>Whether the subscriber takes every frame, which makes stream-level (tail) tracking possible.</summary>
    public void SetEverything(bool everything)
    {
        _everything = everything;
        for (var i = 0; i < _streamCount; i++)
        {
            _streams[i].StreamSeqKnown = false;
            _streams[i].LastStreamSeq = 0;
        }
    }

    internal static byte ClassByte(TickKind kind) => kind switch
    {
        TickKind.Trade => (byte)Wire.TopicClass.Trade,
        TickKind.Quote => (byte)Wire.TopicClass.Quote,
        TickKind.BookUpdate => (byte)Wire.TopicClass.BookUpdate,
        TickKind.InstrumentDefinition => (byte)Wire.TopicClass.Instrument,
        TickKind.Heartbeat => (byte)Wire.TopicClass.Heartbeat,
        TickKind.StreamStart => (byte)Wire.TopicClass.StreamStart,
        _ => 0,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Touch(ushort streamId, long now)
    {
        if (!_streamIndex.TryGetValue(streamId, out var index))
        {
            index = AddStream(streamId, now);
        }

        ref var state = ref _streams[index];
        if (state.Stale)
        {
            state.Stale = false;
            _events.OnRecovered(streamId, TimeSpan.FromMilliseconds(now - state.LastActivity));
        }

        state.LastActivity = now;
        return index;
    }

    /// <summary>Hands a gap to the repairer, off the common path: the missing frames lie between the key's last
    /// streamSeq and the revealing frame's (docs/RECOVERY.md section 4).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool OfferRepair(ref Slot slot, ref StreamState state, TickKind kind, ulong seq, ulong streamSeq)
    {
        var repairer = Repairer;
        return repairer is not null && streamSeq > slot.LastStreamSeq + 1 && repairer.OnGap(
            state.StreamId, state.HasSession, state.SessionId, slot.Symbol, kind,
            slot.LastSeq + 1, seq - 1, slot.LastStreamSeq + 1, streamSeq - 1);
    }

    private int AddStream(ushort streamId, long now)
    {
        if (_streamCount == _streams.Length)
        {
            Array.Resize(ref _streams, _streams.Length * 2);
        }

        var index = _streamCount++;
        _streams[index] = new StreamState { StreamId = streamId, LastActivity = now };
        _streamIndex.Add(streamId, index);
        return index;
    }

    private int AddSlot(TrackKey key, int stream, TickKind kind, ReadOnlySpan<byte> frame, int symbolOffset)
    {
        if (_slotCount == _slots.Length)
        {
            Array.Resize(ref _slots, _slots.Length * 2);
        }

        var index = _slotCount++;
        _slots[index] = new Slot { Stream = stream, Kind = kind, Symbol = SymbolOf(frame, symbolOffset) };
        _slotIndex.Add(key, index);
        return index;
    }

    private struct Slot
    {
        public ulong LastSeq;
        public ulong LastStreamSeq;
        public bool Baselined;
        public int Stream;
        public TickKind Kind;
        public string Symbol;
    }

    private struct StreamState
    {
        public ushort StreamId;
        public bool HasSession;
        public ulong SessionId;
        public ulong FirstTickIngestNs;
        public long LastActivity;
        public bool Stale;
        public bool StreamSeqKnown;
        public ulong LastStreamSeq;

        // The tail check's state: the highest streamSeq of a tick received and when, the highest Heartbeat streamSeq,
        // and whether this quiet period was checked already.
        public ulong LastTickStreamSeq;
        public long LastTickMs;
        public ulong HeartbeatSeq;
        public bool TailChecked;
    }
}
