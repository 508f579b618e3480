using HdrHistogram;

namespace TickStream.Client;

/// <summary>
/// End-to-end latencies (receive time minus ingest time, in ns) overall and per kind (Trade, Quote, BookUpdate),
/// in HdrHistograms of 1 ns to 1 min at 3 significant digits.
/// </summary>
/// <remarks>
/// The receive thread records into HdrHistogram <see cref="Recorder"/>s (wait-free, no allocation). Readers
/// drain them under a lock of their own into a cumulative histogram (<see cref="Snapshot()"/>) and an interval
/// histogram (<see cref="TakeInterval()"/>), so both views see every value exactly once.
/// </remarks>
public sealed class LatencyRecorder
{
    /// <summary>The lowest latency told apart from zero, in ns.</summary>
    public const long LowestNs = 1;

    /// <summary>The highest latency recorded, in ns (one minute); longer ones are counted out of range.</summary>
    public const long HighestNs = 60_000_000_000;

    /// <summary>The histograms' precision.</summary>
    public const int SignificantDigits = 3;

    private readonly Lock _gate = new();
    private readonly Track _trades = new();
    private readonly Track _quotes = new();
    private readonly Track _books = new();
    private long _intervalStartMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Records one latency; false when outside <see cref="LowestNs"/>..<see cref="HighestNs"/>.</summary>
    /// <remarks>One recorder per kind, and "all kinds" is their sum on read: one record per frame, not two.</remarks>
    internal bool Record(TickKind kind, long latencyNs)
    {
        if (latencyNs < LowestNs || latencyNs > HighestNs)
        {
            return false;
        }

        var track = kind switch
        {
            TickKind.Trade => _trades,
            TickKind.Quote => _quotes,
            _ => _books,
        };
        track.Recorder.RecordValue(latencyNs);
        return true;
    }

    /// <summary>Every latency recorded so far, all kinds together: a copy the caller owns.</summary>
    /// <returns>The histogram.</returns>
    public HistogramBase Snapshot()
    {
        lock (_gate)
        {
            var sum = NewHistogram();
            foreach (var track in (Track[])[_trades, _quotes, _books])
            {
                track.Drain();
                sum.Add(track.Cumulative);
            }

            sum.StartTimeStamp = _trades.StartMs;
            sum.EndTimeStamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            return sum;
        }
    }

    /// <summary>Every latency of one kind recorded so far: a copy the caller owns.</summary>
    /// <param name="kind">Trade, Quote or BookUpdate.</param>
    /// <returns>The histogram.</returns>
    public HistogramBase Snapshot(TickKind kind)
    {
        var track = Required(kind);
        lock (_gate)
        {
            track.Drain();
            var copy = track.Cumulative.Copy();
            copy.StartTimeStamp = track.StartMs;
            copy.EndTimeStamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            return copy;
        }
    }

    /// <summary>The latencies recorded since the previous call (or the start), all kinds together.</summary>
    /// <returns>The interval histogram, with its start and end time stamps set.</returns>
    public HistogramBase TakeInterval()
    {
        lock (_gate)
        {
            var sum = NewHistogram();
            foreach (var track in (Track[])[_trades, _quotes, _books])
            {
                track.Drain();
                sum.Add(track.AllInterval);
                track.AllInterval.Reset();
            }

            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            sum.StartTimeStamp = _intervalStartMs;
            sum.EndTimeStamp = now;
            _intervalStartMs = now;
            return sum;
        }
    }

    /// <summary>The latencies of one kind recorded since the previous call for that kind.</summary>
    /// <param name="kind">Trade, Quote or BookUpdate.</param>
    /// <returns>The interval histogram.</returns>
    public HistogramBase TakeInterval(TickKind kind)
    {
        var track = Required(kind);
        lock (_gate)
        {
            track.Drain();
            var copy = track.KindInterval.Copy();
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            copy.StartTimeStamp = track.KindIntervalStartMs;
            copy.EndTimeStamp = now;
            track.KindInterval.Reset();
            track.KindIntervalStartMs = now;
            return copy;
        }
    }

    private static LongHistogram NewHistogram() => new(LowestNs, HighestNs, SignificantDigits);

    private Track Required(TickKind kind) => kind switch
    {
        TickKind.Trade => _trades,
        TickKind.Quote => _quotes,
        TickKind.BookUpdate => _books,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "latency is kept for Trade, Quote and BookUpdate"),
    };

    /// <summary>One kind: its recorder, and what readers drained from it so far (touched under the outer lock only).</summary>
    private sealed class Track
    {
        private HistogramBase? _recycled;

        public Track()
        {
            KindIntervalStartMs = StartMs;
        }

        public long StartMs { get; } = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        public long KindIntervalStartMs { get; set; }

        public Recorder Recorder { get; } = new(LowestNs, HighestNs, SignificantDigits,
            (id, lowest, highest, digits) => new LongHistogram(id, lowest, highest, digits));

        public HistogramBase Cumulative { get; } = NewHistogram();

        public HistogramBase AllInterval { get; } = NewHistogram();

        public HistogramBase KindInterval { get; } = NewHistogram();

        public void Drain()
        {
            var fresh = _recycled is null ? Recorder.GetIntervalHistogram() : Recorder.GetIntervalHistogram(_recycled);
            Cumulative.Add(fresh);
            AllInterval.Add(fresh);
            KindInterval.Add(fresh);
            _recycled = fresh;
        }
    }
}
