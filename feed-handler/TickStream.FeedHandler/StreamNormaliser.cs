using System.Text;
using TickStream.Disruptor;
using TickStream.Sources;
using TickStream.Wire;

namespace TickStream.FeedHandler;

/// <summary>
/// Turns one stream's raw ticks into topic-prefixed SBE frames written straight into ring slots, stamping the
/// stream sequence, the per-(symbol, class) sequence and the ingest time.
/// </summary>
/// <remarks>
/// Called on the stream's source thread only, so its sequence state needs no synchronisation. Instruments first
/// seen on this stream get an InstrumentDefinition ahead of their first tick; that is the only allocation, once
/// per instrument.
/// </remarks>
public sealed class StreamNormaliser : IBookSink
{
    private readonly RingBuffer<FrameSlot> _ring;
    private readonly InstrumentRegistry _registry;
    private readonly FeedCounters _counters;
    private readonly CallerRunsEventProcessor<FrameSlot, PublishHandler>? _publisher;
    private readonly byte[] _streamName;
    private InstrumentState?[] _instruments = new InstrumentState?[64];
    private ulong _streamSeq;
    private long _ticksIn;

    /// <summary>Creates the normaliser of one stream.</summary>
    /// <param name="streamId">The stream's id on the wire.</param>
    /// <param name="streamName">The stream's name, sent in StreamStart.</param>
    /// <param name="sessionId">Differs each time the stream starts, so subscribers see sequence resets.</param>
    /// <param name="ring">The ring the frames go into.</param>
    /// <param name="registry">Where instrument ids of the ticks are defined.</param>
    /// <param name="counters">The feed handler's counters.</param>
    /// <param name="publisher">The ring's publishing processor, when this thread is to send a frame itself while
    /// that processor's thread is parked (see <see cref="CallerRunsEventProcessor{T, THandler}"/>).</param>
    public StreamNormaliser(ushort streamId, string streamName, ulong sessionId, RingBuffer<FrameSlot> ring,
        InstrumentRegistry registry, FeedCounters counters, CallerRunsEventProcessor<FrameSlot, PublishHandler>? publisher = null)
    {
        ArgumentNullException.ThrowIfNull(streamName);
        StreamId = streamId;
        SessionId = sessionId;
        _streamName = Encoding.UTF8.GetBytes(streamName);
        _ring = ring ?? throw new ArgumentNullException(nameof(ring));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _counters = counters ?? throw new ArgumentNullException(nameof(counters));
        _publisher = publisher;
        counters.AddStream(this);
    }

    /// <summary>The stream's id on the wire.</summary>
    public ushort StreamId { get; }

    /// <summary>This run's session id of the stream.</summary>
    public ulong SessionId { get; }

    /// <summary>Ticks this stream's source handed over, read from any thread.</summary>
    public long TicksIn => Volatile.Read(ref _ticksIn);

    /// <summary>The last stream sequence given out.</summary>
    public ulong StreamSeq => Volatile.Read(ref _streamSeq);

    /// <summary>Publishes the StreamStart frame; call once, before the first tick.</summary>
    public void Start()
    {
        if (!Claim(out var sequence))
        {
            return;
        }

        ref var slot = ref _ring[sequence];
        slot.StreamId = StreamId;
        slot.StreamSeq = 0;
        FrameEncoder.WriteStreamStart(ref slot, StreamId, SessionId, WireClock.NowNanoseconds(), _streamName);
        Publish(sequence);
    }

    /// <inheritdoc />
    public void OnTick(ref RawTick tick)
    {
        var ingestTime = WireClock.NowNanoseconds();
        Volatile.Write(ref _ticksIn, _ticksIn + 1);
        var instrument = InstrumentOf(tick.InstrumentId);
        if (instrument is null)
        {
            _counters.AddRejected();
            return;
        }

        if (!Claim(out var sequence))
        {
            return;
        }

        ref var slot = ref _ring[sequence];
        var streamSeq = ++_streamSeq;
        slot.StreamId = StreamId;
        slot.StreamSeq = streamSeq;
        if (tick.Kind == TickKind.Trade)
        {
            FrameEncoder.WriteTrade(ref slot, ref tick, instrument, StreamId, streamSeq, ++instrument.TradeSeq, ingestTime);
        }
        else
        {
            FrameEncoder.WriteQuote(ref slot, ref tick, instrument, StreamId, streamSeq, ++instrument.QuoteSeq, ingestTime);
        }

        Publish(sequence);
    }

    /// <inheritdoc />
    public void OnBookUpdate(int instrumentId, long exchangeTimeNs, ReadOnlySpan<BookLevelChange> changes)
    {
        var ingestTime = WireClock.NowNanoseconds();
        var instrument = InstrumentOf(instrumentId);
        if (instrument is null)
        {
            _counters.AddRejected();
            return;
        }

        // A slot holds a bounded number of levels; a larger change set goes out in several frames.
        while (changes.Length > 0)
        {
            var part = changes[..Math.Min(changes.Length, FrameEncoder.MaxBookLevelsPerFrame)];
            changes = changes[part.Length..];
            if (!Claim(out var sequence))
            {
                return;
            }

            ref var slot = ref _ring[sequence];
            var streamSeq = ++_streamSeq;
            slot.StreamId = StreamId;
            slot.StreamSeq = streamSeq;
            FrameEncoder.WriteBookUpdate(ref slot, instrument, StreamId, streamSeq, ++instrument.BookSeq, exchangeTimeNs, ingestTime, part);
            Publish(sequence);
        }
    }

    // Publishing into an idle ring sends the frame from this thread at once, with no hand-off (docs/RING.md).
    private void Publish(long sequence)
    {
        _ring.Publish(sequence);
        _publisher?.TryRunOnCaller();
    }

    private bool Claim(out long sequence)
    {
        if (_ring.TryClaim(out sequence))
        {
            return true;
        }

        _counters.AddDropped();
        return false;
    }

    private InstrumentState? InstrumentOf(int instrumentId)
    {
        if ((uint)instrumentId < (uint)_instruments.Length && _instruments[instrumentId] is { } known)
        {
            return known;
        }

        return FirstSight(instrumentId);
    }

    // Off the hot path: once per instrument and stream.
    private InstrumentState? FirstSight(int instrumentId)
    {
        if (instrumentId < 0 || instrumentId >= _registry.Count)
        {
            return null;
        }

        if (instrumentId >= _instruments.Length)
        {
            Array.Resize(ref _instruments, Math.Max(instrumentId + 1, _instruments.Length * 2));
        }

        var state = new InstrumentState(_registry.Get(instrumentId));
        _instruments[instrumentId] = state;
        if (Claim(out var sequence))
        {
            ref var slot = ref _ring[sequence];
            slot.StreamId = StreamId;
            slot.StreamSeq = 0;
            FrameEncoder.WriteInstrumentDefinition(ref slot, state, StreamId, _streamSeq, WireClock.NowNanoseconds());
            Publish(sequence);
        }

        return state;
    }
}
