using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace TickStream.Journal;

/// <summary>
/// Walks the records of one segment file through its own read buffer: checks every record's length and CRC,
/// tells corruption in the middle from a torn tail, and finds the next valid record after bad data. Shared by
/// the reader, the writer's recovery, the index rebuild and the inspector so all four agree on what is valid.
/// </summary>
internal sealed class SegmentCursor : IDisposable
{
    private readonly SafeFileHandle _handle;
    private byte[] _buffer;
    private long _bufferOffset;
    private int _bufferCount;
    private int _messageStart;
    private int _messageLength;

    private SegmentCursor(SafeFileHandle handle, string path, bool isLast, byte[] buffer)
    {
        _handle = handle;
        _buffer = buffer;
        SegmentPath = path;
        IsLast = isLast;
        FileLength = RandomAccess.GetLength(handle);
    }

    private enum RecordCheck
    {
        Valid,
        Incomplete,
        BadLength,
        BadCrc,
    }

    /// <summary>The segment file.</summary>
    public string SegmentPath { get; }

    /// <summary>The read buffer (grown if a record needed it), for the caller to lend to the next cursor.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>Whether this is the journal's last segment, the only one whose bad end is a torn tail.</summary>
    public bool IsLast { get; }

    /// <summary>The file's length when it was opened; records appended later are not seen.</summary>
    public long FileLength { get; }

    /// <summary>The parsed header, once Open succeeded.</summary>
    public JournalSegmentHeader Header { get; private set; } = null!;

    /// <summary>The offset of the next record to read.</summary>
    public long Position { get; set; }

    /// <summary>The offset of the record <see cref="Next"/> returned last.</summary>
    public long RecordOffset { get; private set; }

    /// <summary>The receive time of the record <see cref="Next"/> returned last.</summary>
    public long RecordTimeNs { get; private set; }

    /// <summary>The message of the record <see cref="Next"/> returned last, valid until the next call.</summary>
    public ReadOnlySpan<byte> Message => _buffer.AsSpan(_messageStart, _messageLength);

    /// <summary>The problem <see cref="Next"/> found last.</summary>
    public JournalProblem? Problem { get; private set; }

    /// <summary>Where reading may go on after <see cref="Problem"/>: the next valid record or the end.</summary>
    public long ResumeOffset { get; private set; }

    /// <summary>
    /// Opens a segment and checks its header. Returns null with <paramref name="problem"/> set when the file cannot
    /// be read or its header is bad; a last segment shorter than a header is a torn tail (a writer died creating it).
    /// </summary>
    public static SegmentCursor? Open(string path, uint expectedNumber, bool isLast, int bufferSize, out JournalProblem? problem) =>
        Open(path, expectedNumber, isLast, new byte[Math.Max(bufferSize, JournalFormat.SegmentHeaderLength)], out problem);

    /// <summary>Opens a segment reading through <paramref name="buffer"/> (at least 128 bytes), lent by the caller.</summary>
    public static SegmentCursor? Open(string path, uint expectedNumber, bool isLast, byte[] buffer, out JournalProblem? problem)
    {
        problem = null;
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = new JournalProblem(JournalProblemKind.UnreadableSegment, path, 0, 0, e.Message);
            return null;
        }

        var cursor = new SegmentCursor(handle, path, isLast, buffer);
        try
        {
            if (cursor.FileLength < JournalFormat.SegmentHeaderLength && isLast)
            {
                problem = new JournalProblem(
                    JournalProblemKind.TornTail, path, 0, cursor.FileLength,
                    string.Create(CultureInfo.InvariantCulture, $"segment header incomplete ({cursor.FileLength} of {JournalFormat.SegmentHeaderLength} bytes): the writer stopped while creating this segment"));
                cursor.Dispose();
                return null;
            }

            int headerBytes = (int)Math.Min(cursor.FileLength, JournalFormat.SegmentHeaderLength);
            cursor.EnsureAvailable(0, headerBytes);
            if (!JournalSegmentHeader.TryParse(cursor._buffer.AsSpan(0, headerBytes), out JournalSegmentHeader? header, out string error))
            {
                problem = new JournalProblem(JournalProblemKind.BadSegmentHeader, path, 0, headerBytes, error);
                cursor.Dispose();
                return null;
            }

            if (header!.SegmentNumber != expectedNumber)
            {
                problem = new JournalProblem(
                    JournalProblemKind.BadSegmentHeader, path, 0, headerBytes,
                    string.Create(CultureInfo.InvariantCulture, $"header says segment {header.SegmentNumber} but the file is named for segment {expectedNumber}"));
                cursor.Dispose();
                return null;
            }

            cursor.Header = header;
            cursor.Position = JournalFormat.SegmentHeaderLength;
            return cursor;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = new JournalProblem(JournalProblemKind.UnreadableSegment, path, 0, 0, e.Message);
            cursor.Dispose();
            return null;
        }
    }

    /// <summary>
    /// Reads the record at <see cref="Position"/>. Returns true with the record's fields set, or false at the end
    /// (<see cref="Problem"/> null) or at bad data (<see cref="Problem"/> set, <see cref="ResumeOffset"/> where the
    /// next valid record starts or the end of the file).
    /// </summary>
    public bool Next()
    {
        Problem = null;
        long offset = Position;
        if (offset >= FileLength)
        {
            return false;
        }

        RecordCheck check = CheckAt(offset, out int length, out long time, out uint storedCrc, out uint actualCrc);
        if (check == RecordCheck.Valid)
        {
            RecordOffset = offset;
            RecordTimeNs = time;
            _messageStart = (int)(offset - _bufferOffset) + JournalFormat.RecordHeaderLength;
            _messageLength = length;
            Position = offset + JournalFormat.RecordHeaderLength + length;
            return true;
        }

        ReportBadRecord(offset, check, length, storedCrc, actualCrc);
        return false;
    }

    /// <summary>Whether a valid record with receive time <paramref name="timeNs"/> starts at <paramref name="offset"/>.</summary>
    public bool IsRecordAt(long offset, long timeNs) =>
        offset >= JournalFormat.SegmentHeaderLength
        && CheckAt(offset, out _, out long time, out _, out _) == RecordCheck.Valid
        && time == timeNs;

    /// <summary>The first valid record at or after <paramref name="from"/>, or -1 if there is none before the end.</summary>
    public long FindNextValid(long from)
    {
        for (long candidate = from; candidate + JournalFormat.RecordHeaderLength < FileLength; candidate++)
        {
            if (CheckAt(candidate, out _, out _, out _, out _) == RecordCheck.Valid)
            {
                return candidate;
            }
        }

        return -1;
    }

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();

    private void ReportBadRecord(long offset, RecordCheck check, int length, uint storedCrc, uint actualCrc)
    {
        long remaining = FileLength - offset;
        string why = check switch
        {
            RecordCheck.Incomplete when remaining < JournalFormat.RecordHeaderLength =>
                string.Create(CultureInfo.InvariantCulture, $"record header incomplete ({remaining} of {JournalFormat.RecordHeaderLength} bytes)"),
            RecordCheck.Incomplete =>
                string.Create(CultureInfo.InvariantCulture, $"record incomplete: its length says {length} message bytes, {remaining - JournalFormat.RecordHeaderLength} remain"),
            RecordCheck.BadLength =>
                string.Create(CultureInfo.InvariantCulture, $"impossible message length {(uint)length} (1 to {JournalFormat.MaxMessageLength} allowed)"),
            _ => string.Create(CultureInfo.InvariantCulture, $"CRC mismatch (stored 0x{storedCrc:X8}, computed 0x{actualCrc:X8})"),
        };

        long next = FindNextValid(offset + 1);
        if (next >= 0)
        {
            Problem = new JournalProblem(
                JournalProblemKind.CorruptRecord, SegmentPath, offset, next - offset,
                string.Create(CultureInfo.InvariantCulture, $"{why}; next valid record at offset {next}"));
            ResumeOffset = next;
        }
        else if (IsLast)
        {
            Problem = new JournalProblem(JournalProblemKind.TornTail, SegmentPath, offset, remaining, why + "; nothing valid follows (torn tail)");
            ResumeOffset = FileLength;
        }
        else
        {
            Problem = new JournalProblem(
                JournalProblemKind.CorruptRecord, SegmentPath, offset, remaining,
                why + "; nothing valid follows to the end of this segment, which is not the last one");
            ResumeOffset = FileLength;
        }
    }

    private RecordCheck CheckAt(long offset, out int length, out long time, out uint storedCrc, out uint actualCrc)
    {
        length = 0;
        time = 0;
        storedCrc = 0;
        actualCrc = 0;
        if (offset + JournalFormat.RecordHeaderLength > FileLength || !EnsureAvailable(offset, JournalFormat.RecordHeaderLength))
        {
            return RecordCheck.Incomplete;
        }

        ReadOnlySpan<byte> header = _buffer.AsSpan((int)(offset - _bufferOffset), JournalFormat.RecordHeaderLength);
        uint rawLength = BinaryPrimitives.ReadUInt32LittleEndian(header);
        length = (int)rawLength;
        if (rawLength == 0 || rawLength > JournalFormat.MaxMessageLength)
        {
            return RecordCheck.BadLength;
        }

        time = BinaryPrimitives.ReadInt64LittleEndian(header[4..]);
        int total = JournalFormat.RecordHeaderLength + length;
        if (offset + total > FileLength || !EnsureAvailable(offset, total))
        {
            return RecordCheck.Incomplete;
        }

        ReadOnlySpan<byte> record = _buffer.AsSpan((int)(offset - _bufferOffset), total);
        storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
        actualCrc = RecordCodec.ComputeCrc(record[..12], record[JournalFormat.RecordHeaderLength..]);
        return storedCrc == actualCrc ? RecordCheck.Valid : RecordCheck.BadCrc;
    }

    private bool EnsureAvailable(long offset, int count)
    {
        if (offset >= _bufferOffset && offset + count <= _bufferOffset + _bufferCount)
        {
            return true;
        }

        if (count > _buffer.Length)
        {
            // Only a message larger than the read buffer gets here; the buffer grows once to hold it.
            _buffer = new byte[Math.Min((long)count * 2, JournalFormat.MaxMessageLength + JournalFormat.RecordHeaderLength)];
        }

        int wanted = (int)Math.Min(_buffer.Length, FileLength - offset);
        int filled = 0;
        while (filled < wanted)
        {
            int read = RandomAccess.Read(_handle, _buffer.AsSpan(filled, wanted - filled), offset + filled);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        _bufferOffset = offset;
        _bufferCount = filled;
        return filled >= count;
    }
}
