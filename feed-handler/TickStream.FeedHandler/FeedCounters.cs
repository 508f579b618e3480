using System.Runtime.InteropServices;

namespace TickStream.FeedHandler;

/// <summary>
/// What a feed handler has done, read from any thread. Each counter sits on its own cache lines because a
/// source thread and the publisher write different ones at full rate.
/// </summary>
public sealed class FeedCounters
{
    private StreamNormaliser[] _streams = [];
    private Journal.JournalWriter? _journal;
    private readonly Lock _ratesLock = new();
    private long _ratesAt;
    private long _ticksAtLastRates;
    private long _publishedAtLastRates;
    private long _notJournaledAtLastRates;
    private PaddedCounter _rejected;
    private PaddedCounter _dropped;
    private PaddedCounter _published;
    private PaddedCounter _heartbeats;
    private PaddedCounter _sendFailures;
    private PaddedCounter _subscriptions;
    private PaddedCounter _dataSubscriptions;
    private PaddedCounter _streamStartsAnnounced;

    /// <summary>Ticks the sources handed to the normalisers.</summary>
    public long TicksIn
    {
        get
        {
            // Each stream counts its own ticks on its own thread with a plain store; the total is derived here, so
            // the hot path takes no interlocked operation on a line that several source threads share.
            long total = 0;
            foreach (var stream in Volatile.Read(ref _streams))
            {
                total += stream.TicksIn;
            }

            return total;
        }
    }

    /// <summary>Ticks refused by a normaliser (an instrument id nobody defined).</summary>
    public long Rejected => Volatile.Read(ref _rejected.Value);

    /// <summary>Frames not written because the ring was full under the drop policy.</summary>
    public long Dropped => Volatile.Read(ref _dropped.Value);

    /// <summary>Frames handed to the PUB socket, heartbeats included.</summary>
    public long Published => Volatile.Read(ref _published.Value);

    /// <summary>Heartbeats sent, one per stream per interval.</summary>
    public long Heartbeats => Volatile.Read(ref _heartbeats.Value);

    /// <summary>Frames the socket refused to take.</summary>
    public long SendFailures => Volatile.Read(ref _sendFailures.Value);

    /// <summary>Subscriptions the publishing socket has been told of, less those withdrawn.</summary>
    public long Subscriptions => Volatile.Read(ref _subscriptions.Value);

    /// <summary>
    /// Subscriptions that can match a data frame (any but <c>H|</c> and <c>S|</c> alone; see
    /// <see cref="Wire.SubscriptionPrefix"/>), less those withdrawn: what a finite source waits for.
    /// </summary>
    public long DataSubscriptions => Volatile.Read(ref _dataSubscriptions.Value);

    /// <summary>StreamStart frames sent again because a subscription covering <c>S|</c> arrived.</summary>
    public long StreamStartsAnnounced => Volatile.Read(ref _streamStartsAnnounced.Value);

    /// <summary>
    /// Frames (and heartbeats) published but not journaled because journal writes failed (disk full); 0 without a
    /// journal. Each outage leaves a hole that <c>journal inspect</c> reports.
    /// </summary>
    public long NotJournaled => Volatile.Read(ref _journal)?.RecordsNotJournaled ?? 0;

    /// <summary>Whether journal writes are failing now (the journal retries on an interval).</summary>
    public bool JournalFaulted => Volatile.Read(ref _journal)?.IsFaulted ?? false;

    internal void AttachJournal(Journal.JournalWriter journal) => Volatile.Write(ref _journal, journal);

    // Called while the feed handler starts its streams, never per tick.
    internal void AddStream(StreamNormaliser stream) => Volatile.Write(ref _streams, [.. _streams, stream]);

    // Source threads add rare events with Interlocked: several streams share these counters.
    internal void AddRejected() => Interlocked.Increment(ref _rejected.Value);

    internal void AddDropped() => Interlocked.Increment(ref _dropped.Value);

    // One writer at a time, whoever holds the ring publisher's token (its thread, or a source sending while that
    // thread is parked; every hand-over is a full fence): a plain increment published with a release store.
    internal void AddPublished() => Volatile.Write(ref _published.Value, _published.Value + 1);

    internal void AddHeartbeat() => Volatile.Write(ref _heartbeats.Value, _heartbeats.Value + 1);

    internal void AddSubscription(int change) => Volatile.Write(ref _subscriptions.Value, _subscriptions.Value + change);

    internal void AddDataSubscription(int change) => Volatile.Write(ref _dataSubscriptions.Value, _dataSubscriptions.Value + change);

    internal void AddSendFailure() => Volatile.Write(ref _sendFailures.Value, _sendFailures.Value + 1);

    internal void AddStreamStartAnnounced() => Volatile.Write(ref _streamStartsAnnounced.Value, _streamStartsAnnounced.Value + 1);

    /// <summary>
    /// The counters with the rates per second since the previous call (or since the first call: the periodic log
    /// line calls it once per interval): <c>ticks in 120000 (24000/s), published 120005 (24001/s), ...</c>.
    /// </summary>
    /// <returns>One line for a log.</returns>
    public string ToStringWithRates()
    {
        long ticks = TicksIn;
        long published = Published;
        long notJournaled = NotJournaled;
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        double seconds;
        long ticksBefore;
        long publishedBefore;
        long notJournaledBefore;
        lock (_ratesLock)
        {
            seconds = _ratesAt == 0 ? 0 : System.Diagnostics.Stopwatch.GetElapsedTime(_ratesAt, now).TotalSeconds;
            (ticksBefore, publishedBefore, notJournaledBefore) = (_ticksAtLastRates, _publishedAtLastRates, _notJournaledAtLastRates);
            (_ratesAt, _ticksAtLastRates, _publishedAtLastRates, _notJournaledAtLastRates) = (now, ticks, published, notJournaled);
        }

        string Rate(long value, long before) => seconds > 0
            ? ((value - before) / seconds).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "/s"
            : "-/s";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"ticks in {ticks} ({Rate(ticks, ticksBefore)}), published {published} ({Rate(published, publishedBefore)}), heartbeats {Heartbeats}, rejected {Rejected}, dropped {Dropped}, send failures {SendFailures}, subscriptions {Subscriptions} ({DataSubscriptions} for data), stream starts announced {StreamStartsAnnounced}")
            + (Volatile.Read(ref _journal) is null ? "" : $", not journaled {notJournaled} ({Rate(notJournaled, notJournaledBefore)}){(JournalFaulted ? " (journal writes failing)" : "")}");
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"ticks in {TicksIn}, published {Published}, heartbeats {Heartbeats}, rejected {Rejected}, dropped {Dropped}, send failures {SendFailures}, subscriptions {Subscriptions} ({DataSubscriptions} for data), stream starts announced {StreamStartsAnnounced}{JournalText()}";

    private string JournalText() => Volatile.Read(ref _journal) is null
        ? ""
        : $", not journaled {NotJournaled}{(JournalFaulted ? " (journal writes failing)" : "")}";

    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedCounter
    {
        [FieldOffset(64)]
        public long Value;
    }
}
