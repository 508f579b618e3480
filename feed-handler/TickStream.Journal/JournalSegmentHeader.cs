using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace TickStream.Journal;

/// <summary>
/// The identity a segment file declares in its 128-byte header: which stream, which SBE schema, which segment.
/// </summary>
/// <param name="SegmentNumber">The segment's number, the same as its file name.</param>
/// <param name="StreamName">The stream the journal records (1 to 64 UTF-8 bytes).</param>
/// <param name="SchemaId">SBE schema id of the stored frames.</param>
/// <param name="SchemaVersion">SBE schema version of the stored frames.</param>
/// <param name="CreatedTimeNs">Wall-clock time the segment was created, ns since the Unix epoch.</param>
public sealed record JournalSegmentHeader(uint SegmentNumber, string StreamName, ushort SchemaId, ushort SchemaVersion, long CreatedTimeNs)
{
    // Field offsets; docs/JOURNAL.md has the table.
    private const int VersionOffset = 8;
    private const int HeaderLengthOffset = 10;
    private const int SchemaIdOffset = 12;
    private const int SchemaVersionOffset = 14;
    private const int SegmentNumberOffset = 16;
    private const int CreatedTimeOffset = 24;
    private const int StreamNameLengthOffset = 32;
    private const int StreamNameOffset = 34;
    private const int CrcOffset = 124;

    /// <summary>Writes the header into the first 128 bytes of <paramref name="destination"/>.</summary>
    internal void Write(Span<byte> destination)
    {
        Span<byte> header = destination[..JournalFormat.SegmentHeaderLength];
        header.Clear();
        JournalFormat.SegmentMagic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[VersionOffset..], JournalFormat.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[HeaderLengthOffset..], JournalFormat.SegmentHeaderLength);
        BinaryPrimitives.WriteUInt16LittleEndian(header[SchemaIdOffset..], SchemaId);
        BinaryPrimitives.WriteUInt16LittleEndian(header[SchemaVersionOffset..], SchemaVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(header[SegmentNumberOffset..], SegmentNumber);
        BinaryPrimitives.WriteInt64LittleEndian(header[CreatedTimeOffset..], CreatedTimeNs);
        int nameBytes = Encoding.UTF8.GetBytes(StreamName, header.Slice(StreamNameOffset, JournalFormat.MaxStreamNameBytes));
        BinaryPrimitives.WriteUInt16LittleEndian(header[StreamNameLengthOffset..], (ushort)nameBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(header[CrcOffset..], Crc32C.Compute(header[..CrcOffset]));
    }

    /// <summary>
    /// Parses and checks a segment header; on failure <paramref name="error"/> says which check failed.
    /// </summary>
    internal static bool TryParse(ReadOnlySpan<byte> bytes, out JournalSegmentHeader? header, out string error)
    {
        header = null;
        if (bytes.Length < JournalFormat.SegmentHeaderLength)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"header truncated: {bytes.Length} of {JournalFormat.SegmentHeaderLength} bytes");
            return false;
        }

        if (!bytes[..8].SequenceEqual(JournalFormat.SegmentMagic))
        {
            error = "wrong magic: not a TickStream journal segment (expected ASCII 'TSJOURNL')";
            return false;
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[VersionOffset..]);
        if (version != JournalFormat.Version)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"unsupported format version {version} (this library reads version {JournalFormat.Version})");
            return false;
        }

        uint storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes[CrcOffset..]);
        uint actualCrc = Crc32C.Compute(bytes[..CrcOffset]);
        if (storedCrc != actualCrc)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"header CRC mismatch (stored 0x{storedCrc:X8}, computed 0x{actualCrc:X8})");
            return false;
        }

        ushort headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[HeaderLengthOffset..]);
        ushort nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[StreamNameLengthOffset..]);
        if (headerLength != JournalFormat.SegmentHeaderLength || nameLength == 0 || nameLength > JournalFormat.MaxStreamNameBytes)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"impossible header fields (header length {headerLength}, stream name length {nameLength})");
            return false;
        }

        header = new JournalSegmentHeader(
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[SegmentNumberOffset..]),
            Encoding.UTF8.GetString(bytes.Slice(StreamNameOffset, nameLength)),
            BinaryPrimitives.ReadUInt16LittleEndian(bytes[SchemaIdOffset..]),
            BinaryPrimitives.ReadUInt16LittleEndian(bytes[SchemaVersionOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[CreatedTimeOffset..]));
        error = string.Empty;
        return true;
    }
}
