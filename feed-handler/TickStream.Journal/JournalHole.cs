using System.Globalization;

namespace TickStream.Journal;

/// <summary>
/// Frames of a stream missing from a journal (what a writer that could not write, a disk full, leaves): found by
/// <see cref="JournalHoleFinder"/> from the sequences of the frames around it.
/// </summary>
public sealed class JournalHole
{
    internal JournalHole(ushort streamId, ulong afterSeq, ulong beforeSeq, long missingFrames, long beforeTimeNs)
    {
        StreamId = streamId;
        AfterSeq = afterSeq;
        BeforeSeq = beforeSeq;
        MissingFrames = missingFrames;
        BeforeTimeNs = beforeTimeNs;
    }

    /// <summary>The stream (streamId of the frames).</summary>
    public ushort StreamId { get; }

    /// <summary>The streamSeq of the last frame journaled before the hole (0 when none).</summary>
    public ulong AfterSeq { get; }

    /// <summary>The streamSeq of the first frame journaled after the hole.</summary>
    public ulong BeforeSeq { get; internal set; }

    /// <summary>Trades, quotes and book updates missing, counted from each symbol's own sequence.</summary>
    public long MissingFrames { get; internal set; }

    /// <summary>Receive time of the first frame journaled after the hole, ns since the Unix epoch.</summary>
    public long BeforeTimeNs { get; }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{MissingFrames} frames missing in stream {StreamId} between seq {AfterSeq} and {BeforeSeq} (not journaled; the journal resumed at {DateTime.UnixEpoch.AddTicks(BeforeTimeNs / 100):yyyy-MM-dd'T'HH:mm:ss.fff'Z'})");
}
