namespace TickStream.Journal;

/// <summary>
/// The constants of the journal's on-disk format (docs/JOURNAL.md). All integers are little-endian.
/// </summary>
public static class JournalFormat
{
    /// <summary>The format version this library writes and the only one it reads.</summary>
    public const ushort Version = 1;

    /// <summary>Extension of segment files, named by an eight-digit segment number: <c>00000001.tsj</c>.</summary>
    public const string SegmentExtension = ".tsj";

    /// <summary>Extension of the sparse time index beside each segment: <c>00000001.tsx</c>.</summary>
    public const string IndexExtension = ".tsx";

    /// <summary>Name of the lock file that keeps a second writer out of a journal directory.</summary>
    public const string LockFileName = "journal.lock";

    /// <summary>Bytes of the segment file header.</summary>
    public const int SegmentHeaderLength = 128;

    /// <summary>Bytes of the header in front of every record's message.</summary>
    public const int RecordHeaderLength = 16;

    /// <summary>The largest message a record may hold; a larger length field marks a corrupt record.</summary>
    public const int MaxMessageLength = 1 << 20;

    /// <summary>The longest stream name, in UTF-8 bytes.</summary>
    public const int MaxStreamNameBytes = 64;

    /// <summary>Bytes of the index file header.</summary>
    public const int IndexHeaderLength = 32;

    /// <summary>Bytes of one index entry.</summary>
    public const int IndexEntryLength = 24;

    /// <summary>The SBE schema id of TickStream frames (docs/WIRE.md).</summary>
    public const ushort TickStreamSchemaId = 100;

    /// <summary>The SBE schema version of TickStream frames (docs/WIRE.md).</summary>
    public const ushort TickStreamSchemaVersion = 0;

    /// <summary>The first eight bytes of every segment: ASCII <c>TSJOURNL</c>.</summary>
    internal static ReadOnlySpan<byte> SegmentMagic => "TSJOURNL"u8;

    /// <summary>The first eight bytes of every index file: ASCII <c>TSJINDEX</c>.</summary>
    internal static ReadOnlySpan<byte> IndexMagic => "TSJINDEX"u8;
}
