namespace TickStream.Journal;

/// <summary>
/// One record read from a journal. <see cref="Message"/> points into the reader's buffer and is valid only until
/// the reader moves on: copy it to keep it.
/// </summary>
public readonly ref struct JournalRecord
{
    /// <summary>Creates a record view.</summary>
    public JournalRecord(ReadOnlySpan<byte> message, long receiveTimeNs, uint segmentNumber, long offset)
    {
        Message = message;
        ReceiveTimeNs = receiveTimeNs;
        SegmentNumber = segmentNumber;
        Offset = offset;
    }

    /// <summary>The stored message: topic then SBE frame, byte for byte as appended.</summary>
    public ReadOnlySpan<byte> Message { get; }

    /// <summary>The receive time stored with the message, ns since the Unix epoch.</summary>
    public long ReceiveTimeNs { get; }

    /// <summary>The segment the record is in.</summary>
    public uint SegmentNumber { get; }

    /// <summary>The record's byte offset in its segment file.</summary>
    public long Offset { get; }
}
