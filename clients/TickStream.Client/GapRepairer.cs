using System.Globalization;
using TickStream.Wire;

namespace TickStream.Client;

/// <summary>
/// The receive thread's side of gap repair (docs/RECOVERY.md section 4): takes gaps from the tracker, holds the
/// stream's live frames while a RETRANSMIT is outstanding, matches what comes back against the gaps, and delivers
/// the retransmitted and held frames in streamSeq order. Used by the receive thread only, and only after a gap:
/// the path of a frame without one reads <see cref="Holding"/> and nothing else.
/// </summary>
/// <remarks>
/// The tracker goes on tracking held frames as they arrive (so every gap of a burst is seen and coalesced into the
/// next request of its stream); delivery alone waits. One request per stream is outstanding at a time: gaps found
/// meanwhile wait and go together in the next one.
/// </remarks>
internal sealed class GapRepairer : IDisposable
{
    // The requests' size limit is 4096 bytes (docs/GATEWAY.md section 4): 150 prefixes of at most 19 bytes fit.
    private const int MaxGapsPerRequest = 150;

    private readonly TickSubscriber _owner;
    private readonly CounterBlock _counters;
    private readonly ISequenceEvents _events;
    private readonly RepairRequester _requester;
    private readonly Dictionary<ushort, StreamRepair> _streams = [];
    private readonly int _holdLimit;
    private int _held;
    private int _holding;
    private bool _unsent;

    public GapRepairer(TickSubscriber owner, CounterBlock counters, ISequenceEvents events, TickSubscriberOptions options)
    {
        _owner = owner;
        _counters = counters;
        _events = events;
        _holdLimit = options.RepairHoldLimit;
        _requester = new RepairRequester(options.RequestEndpoint!, options.RequestServerKey, options.MaxMessageSize,
            options.RepairTimeout, options.RepairHoldLimit);
    }

    /// <summary>Whether any stream holds its frames: the one check on the common path.</summary>
    public bool Holding => _holding != 0;

    /// <summary>Whether gaps wait to be sent or results to be applied.</summary>
    public bool HasWork => _unsent || !_requester.Results.IsEmpty;

    /// <summary>Frames held now, over all streams.</summary>
    public int Held => _held;

    /// <summary>
    /// A gap from the tracker: taken (the stream holds its frames from the revealing one on) unless the hold limit
    /// is reached, in which case it is lost at once and the caller reports it.
    /// </summary>
    public bool OnGap(ushort streamId, bool hasSession, ulong sessionId, string symbol, TickKind kind,
        ulong firstMissing, ulong lastMissing, ulong fromStreamSeq, ulong toStreamSeq)
    {
        if (_held >= _holdLimit)
        {
            _counters.Increment(Counter.GapsLost);
            return false;
        }

        if (!_streams.TryGetValue(streamId, out var stream))
        {
            stream = new StreamRepair(streamId);
            _streams.Add(streamId, stream);
        }

        if (!stream.Holding)
        {
            stream.Holding = true;
            stream.Session = hasSession ? sessionId.ToString(CultureInfo.InvariantCulture) : "*";
            stream.SessionId = hasSession ? sessionId : null;
            _holding++;
        }

        stream.Unsent.Add(new RepairGap(symbol, kind, firstMissing, lastMissing, fromStreamSeq, toStreamSeq));
        _unsent = true;
        return true;
    }

    /// <summary>Whether the stream holds its frames for a repair (a tail check waits until it does not).</summary>
    public bool IsRepairing(ushort streamId) => _streams.TryGetValue(streamId, out var stream) && stream.Holding;

    /// <summary>
    /// An open-ended gap from a tail check: the key's frames after symbolSeq <paramref name="firstMissing"/> - 1, in
    /// streamSeq <paramref name="fromStreamSeq"/> .. <paramref name="toStreamSeq"/>. Taken like a gap (the stream
    /// holds its frames until the answer), except that nothing is known lost: only what comes back counts.
    /// </summary>
    public void OnTailGap(ushort streamId, bool hasSession, ulong sessionId, string symbol, TickKind kind,
        ulong firstMissing, ulong fromStreamSeq, ulong toStreamSeq)
    {
        if (_held < _holdLimit)
        {
            _counters.Increment(Counter.TailChecks);
            OnGap(streamId, hasSession, sessionId, symbol, kind, firstMissing, ulong.MaxValue, fromStreamSeq, toStreamSeq);
        }
    }

    /// <summary>
    /// The receive loop ends (the subscriber is disposed, or NetMQ terminated): every stream's outstanding repairs are
    /// given up, counted (<see cref="Counter.GapsUnrepairedAtClose"/>, and as lost where the missing frames are known)
    /// and what was held is delivered in order, so nothing held leaves uncounted. Runs on the receive thread.
    /// </summary>
    public void Close()
    {
        foreach (var stream in _streams.Values)
        {
            if (stream.Holding)
            {
                var open = stream.Unsent.Count + (stream.InFlight?.Gaps.Count ?? 0);
                _counters.Add(Counter.GapsUnrepairedAtClose, open);
                _counters.Add(Counter.FramesDeliveredAtClose, stream.Held.Count);
                GiveUp(stream);
            }
        }
    }

    /// <summary>Holds a tracked live frame when its stream is being repaired; false: deliver it now.</summary>
    public bool TryHold(ushort streamId, ReadOnlySpan<byte> message, ReadOnlySpan<byte> frame, long receiveNs)
    {
        if (!_streams.TryGetValue(streamId, out var stream) || !stream.Holding)
        {
            return false;
        }

        if (_held >= _holdLimit)
        {
            // Beyond the bound: give the stream's repairs up, deliver what it has, then this frame live.
            GiveUp(stream);
            return false;
        }

        stream.Held.Add(new StoredFrame(message.ToArray(), FrameReader.UInt64(frame, FrameReader.StreamSeqOffset), receiveNs));
        _held++;
        return true;
    }

    /// <summary>A StreamStart: a new session while repairing makes the outstanding requests moot (they name the old one).</summary>
    public void OnStreamStart(ushort streamId, ulong sessionId)
    {
        if (_streams.TryGetValue(streamId, out var stream) && stream.Holding && stream.SessionId is { } known && known != sessionId)
        {
            GiveUp(stream);
        }
    }

    /// <summary>Sends the gaps that wait (per stream, when nothing is outstanding) and applies the results that came.</summary>
    public void Work()
    {
        while (_requester.Results.TryDequeue(out var result))
        {
            Apply(result);
        }

        if (_unsent)
        {
            _unsent = false;
            foreach (var stream in _streams.Values)
            {
                if (stream.Unsent.Count > 0 && stream.InFlight is null)
                {
                    Send(stream);
                }
            }
        }
    }

    public void Dispose() => _requester.Dispose();

    private void Send(StreamRepair stream)
    {
        var count = Math.Min(stream.Unsent.Count, MaxGapsPerRequest);
        var request = new RepairRequest(stream.StreamId, stream.Session, stream.Epoch, stream.Unsent.GetRange(0, count));
        stream.Unsent.RemoveRange(0, count);
        _unsent |= stream.Unsent.Count > 0;
        stream.InFlight = request;
        _counters.Increment(Counter.RepairRequests);
        if (!_requester.Submit(request))
        {
            Apply(new RepairResult(request, [], "the repair queue is full"));
        }
    }

    private void Apply(RepairResult result)
    {
        var request = result.Request;
        if (!_streams.TryGetValue(request.StreamId, out var stream) || stream.InFlight != request || stream.Epoch != request.Epoch)
        {
            return; // given up meanwhile: its gaps were counted lost and the frames delivered
        }

        if (result.Error is not null)
        {
            _counters.Increment(Counter.RepairFailures);
        }

        foreach (var message in result.Frames)
        {
            if (Match(request, message, out var streamSeq))
            {
                stream.Retransmitted.Add(new StoredFrame(message, streamSeq, 0));
            }
        }

        foreach (var gap in request.Gaps)
        {
            if (gap.Tail && gap.Repaired > 0)
            {
                Covered(stream, gap);
            }
        }

        stream.Resolved.AddRange(request.Gaps);
        stream.InFlight = null;
        if (stream.Unsent.Count > 0)
        {
            Send(stream);
        }
        else
        {
            Release(stream);
        }
    }

    /// <summary>
    /// A tail repair brought a key's frames back through <see cref="RepairGap.FilledThrough"/>: a gap of the same key
    /// found meanwhile (a live frame after the lost tail revealed it) is covered that far, so its frames are neither
    /// asked for nor delivered twice; one it covers whole is dropped (the tail gap counts the frames).
    /// </summary>
    private static void Covered(StreamRepair stream, RepairGap tail)
    {
        for (var i = stream.Unsent.Count - 1; i >= 0; i--)
        {
            var gap = stream.Unsent[i];
            if (gap.Kind != tail.Kind || !ReferenceEquals(gap.Symbol, tail.Symbol) || gap.FilledThrough >= tail.FilledThrough)
            {
                continue;
            }

            if (tail.FilledThrough >= gap.LastMissing)
            {
                stream.Unsent.RemoveAt(i);
            }
            else if (tail.FilledThrough >= gap.FirstMissing)
            {
                gap.FilledThrough = tail.FilledThrough;
            }
        }
    }

    /// <summary>Whether a retransmitted message fills one of the request's gaps; anything else is dropped.</summary>
    private bool Match(RepairRequest request, byte[] message, out ulong streamSeq)
    {
        streamSeq = 0;
        if (!Topic.TrySplit(message, out var topic, out var frame))
        {
            return false;
        }

        var kind = FrameReader.Validate(frame, out _);
        if (kind is not (TickKind.Trade or TickKind.Quote or TickKind.BookUpdate)
            || topic[0] != SequenceTracker.ClassByte(kind)
            || FrameReader.StreamId(frame, kind) != request.StreamId)
        {
            return false;
        }

        var symbol = _owner.SymbolOf(frame);
        var symbolSeq = FrameReader.UInt64(frame, FrameReader.SymbolSeqOffset);
        foreach (var gap in request.Gaps)
        {
            // The tracker's symbol strings are made once per symbol, so the same symbol is the same string.
            if (gap.Kind == kind && ReferenceEquals(gap.Symbol, symbol) && gap.TryFill(symbolSeq))
            {
                streamSeq = FrameReader.UInt64(frame, FrameReader.StreamSeqOffset);
                return true;
            }
        }

        return false;
    }

    /// <summary>Ends a stream's repair: counts each gap repaired or lost, then delivers in streamSeq order.</summary>
    private void Release(StreamRepair stream)
    {
        foreach (var gap in stream.Resolved)
        {
            gap.Close();
            _counters.Add(Counter.FramesRepaired, gap.Repaired);
            if (gap.Holes is null)
            {
                // A tail check that brought nothing back found nothing missing: not a gap.
                if (!gap.Tail || gap.Repaired > 0)
                {
                    _counters.Increment(Counter.GapsRepaired);
                    _counters.Add(Counter.TailsRepaired, gap.Tail ? 1 : 0);
                }

                continue;
            }

            foreach (var (first, last) in gap.Holes)
            {
                _counters.Increment(Counter.Gaps);
                _counters.Increment(Counter.GapsLost);
                _counters.Add(Counter.MissingFrames, (long)(last - first + 1));
                _events.OnGap(stream.StreamId, gap.Symbol, gap.Kind, first, last);
            }
        }

        // Both lists are in streamSeq order (the server sends in order; a publisher publishes in order), so a merge
        // suffices; several requests' frames are sorted first.
        var retransmitted = stream.Retransmitted;
        retransmitted.Sort(static (a, b) => a.StreamSeq.CompareTo(b.StreamSeq));
        var held = stream.Held;
        _held -= held.Count;
        stream.Resolved.Clear();
        stream.Retransmitted = [];
        stream.Held = [];
        stream.Holding = false;
        _holding--;
        int r = 0, h = 0;
        while (r < retransmitted.Count || h < held.Count)
        {
            if (h == held.Count || (r < retransmitted.Count && retransmitted[r].StreamSeq < held[h].StreamSeq))
            {
                _owner.DeliverStored(retransmitted[r++].Message, 0, live: false);
            }
            else
            {
                var frame = held[h++];
                _owner.DeliverStored(frame.Message, frame.ReceiveNs, live: true);
            }
        }
    }

    private void GiveUp(StreamRepair stream)
    {
        if (stream.InFlight is { } inFlight)
        {
            stream.Resolved.AddRange(inFlight.Gaps);
            stream.InFlight = null;
        }

        stream.Resolved.AddRange(stream.Unsent);
        stream.Unsent.Clear();
        stream.Epoch++;
        Release(stream);
    }

    private readonly record struct StoredFrame(byte[] Message, ulong StreamSeq, long ReceiveNs);

    private sealed class StreamRepair(ushort streamId)
    {
        public ushort StreamId { get; } = streamId;

        public bool Holding { get; set; }

        public string Session { get; set; } = "*";

        public ulong? SessionId { get; set; }

        public int Epoch { get; set; }

        public RepairRequest? InFlight { get; set; }

        public List<RepairGap> Unsent { get; } = [];

        public List<RepairGap> Resolved { get; } = [];

        public List<StoredFrame> Held { get; set; } = [];

        public List<StoredFrame> Retransmitted { get; set; } = [];
    }
}
