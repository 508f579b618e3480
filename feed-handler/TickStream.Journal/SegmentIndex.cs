using System.Buffers.Binary;
using System.Globalization;

namespace TickStream.Journal;

/// <summary>
/// The sparse time index beside a segment (<c>NNNNNNNN.tsx</c>): a 32-byte header, then 24-byte entries
/// (time, offset, ordinal, CRC-32C). It is only ever a hint: a reader checks that a valid record with the entry's
/// time starts at the entry's offset before seeking there, and falls back to scanning, so a missing, torn or stale
/// index costs time, never records. The writer rebuilds it from the segment when it reopens a journal.
/// </summary>
internal static class SegmentIndex
{
    private const int SegmentNumberOffset = 12;
    private const int IntervalOffset = 16;
    private const int HeaderCrcOffset = 28;
    private const int EntryCrcOffset = 20;

    /// <summary>Whether a record deserves an index entry: the first of a segment, then every N records or T ns.</summary>
    public static bool IsDue(uint ordinal, long recordsSinceEntry, long timeNs, long lastEntryTimeNs, int everyRecords, long everyNs) =>
        ordinal == 0 || recordsSinceEntry >= everyRecords || timeNs - lastEntryTimeNs >= everyNs;

    /// <summary>Writes the index header into the first 32 bytes of <paramref name="destination"/>.</summary>
    public static void WriteHeader(Span<byte> destination, uint segmentNumber, int everyRecords)
    {
        Span<byte> header = destination[..JournalFormat.IndexHeaderLength];
        header.Clear();
        JournalFormat.IndexMagic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], JournalFormat.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], JournalFormat.IndexHeaderLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[SegmentNumberOffset..], segmentNumber);
        BinaryPrimitives.WriteInt32LittleEndian(header[IntervalOffset..], everyRecords);
        BinaryPrimitives.WriteUInt32LittleEndian(header[HeaderCrcOffset..], Crc32C.Compute(header[..HeaderCrcOffset]));
    }

    /// <summary>Writes one entry into the first 24 bytes of <paramref name="destination"/>.</summary>
    public static void WriteEntry(Span<byte> destination, IndexEntry entry)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, entry.TimeNs);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], entry.Offset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], entry.Ordinal);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[EntryCrcOffset..], Crc32C.Compute(destination[..EntryCrcOffset]));
    }

    /// <summary>
    /// Loads the valid entries of an index: those before the first torn, out-of-order or CRC-failing one.
    /// Returns null when the file is missing or its header is bad; <paramref name="status"/> says which.
    /// </summary>
    public static List<IndexEntry>? Load(string indexPath, uint segmentNumber, out string status)
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(indexPath))
            {
                status = "missing";
                return null;
            }

            bytes = File.ReadAllBytes(indexPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            status = "unreadable: " + e.Message;
            return null;
        }

        ReadOnlySpan<byte> span = bytes;
        if (span.Length < JournalFormat.IndexHeaderLength
            || !span[..8].SequenceEqual(JournalFormat.IndexMagic)
            || BinaryPrimitives.ReadUInt16LittleEndian(span[8..]) != JournalFormat.Version
            || BinaryPrimitives.ReadUInt32LittleEndian(span[HeaderCrcOffset..]) != Crc32C.Compute(span[..HeaderCrcOffset])
            || BinaryPrimitives.ReadUInt32LittleEndian(span[SegmentNumberOffset..]) != segmentNumber)
        {
            status = "bad header";
            return null;
        }

        var entries = new List<IndexEntry>();
        long lastOffset = 0;
        long lastTime = long.MinValue;
        int position = JournalFormat.IndexHeaderLength;
        while (position + JournalFormat.IndexEntryLength <= span.Length)
        {
            ReadOnlySpan<byte> raw = span.Slice(position, JournalFormat.IndexEntryLength);
            var entry = new IndexEntry(
                BinaryPrimitives.ReadInt64LittleEndian(raw),
                BinaryPrimitives.ReadInt64LittleEndian(raw[8..]),
                BinaryPrimitives.ReadUInt32LittleEndian(raw[16..]));
            if (BinaryPrimitives.ReadUInt32LittleEndian(raw[EntryCrcOffset..]) != Crc32C.Compute(raw[..EntryCrcOffset])
                || entry.Offset <= lastOffset || entry.TimeNs < lastTime)
            {
                status = string.Create(CultureInfo.InvariantCulture, $"torn after {entries.Count} entries");
                return entries;
            }

            entries.Add(entry);
            lastOffset = entry.Offset;
            lastTime = entry.TimeNs;
            position += JournalFormat.IndexEntryLength;
        }

        status = position == span.Length
            ? string.Create(CultureInfo.InvariantCulture, $"{entries.Count} entries")
            : string.Create(CultureInfo.InvariantCulture, $"torn after {entries.Count} entries");
        return entries;
    }

    /// <summary>Writes a whole index file atomically (temporary file, then rename over the old one).</summary>
    public static void WriteFile(string indexPath, uint segmentNumber, int everyRecords, List<IndexEntry> entries)
    {
        var bytes = new byte[JournalFormat.IndexHeaderLength + (entries.Count * JournalFormat.IndexEntryLength)];
        WriteHeader(bytes, segmentNumber, everyRecords);
        for (int i = 0; i < entries.Count; i++)
        {
            WriteEntry(bytes.AsSpan(JournalFormat.IndexHeaderLength + (i * JournalFormat.IndexEntryLength)), entries[i]);
        }

        string temporary = indexPath + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, indexPath, overwrite: true);
    }
}
