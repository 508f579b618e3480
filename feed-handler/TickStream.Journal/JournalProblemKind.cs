namespace TickStream.Journal;

/// <summary>What was wrong at a place in a journal.</summary>
public enum JournalProblemKind
{
    /// <summary>A record whose length is impossible or whose CRC does not match, with valid data after it.</summary>
    CorruptRecord,

    /// <summary>
    /// The end of the last segment holds an incomplete or unverifiable record and nothing valid after it: what a
    /// writer killed mid-write leaves. Not corruption: every complete record before it is intact.
    /// </summary>
    TornTail,

    /// <summary>A segment file whose header is missing, truncated, foreign, of another version or fails its CRC.</summary>
    BadSegmentHeader,

    /// <summary>A segment file that could not be opened or read (permissions, I/O error).</summary>
    UnreadableSegment,
}
