using System.Text;

namespace TickStream.Journal;

/// <summary>How a <see cref="JournalWriter"/> names, rolls, buffers, syncs and indexes a journal.</summary>
public sealed class JournalWriterOptions
{
    /// <summary>Default segment size: 256 MiB, about 2.4 million 111-byte frames.</summary>
    public const long DefaultSegmentSize = 256L << 20;

    /// <summary>The stream this journal records (1 to 64 UTF-8 bytes); written in every segment header and checked on reopen.</summary>
    public required string StreamName { get; init; }

    /// <summary>A segment rolls before a record would take it past this many bytes. At least 4 KiB.</summary>
    public long SegmentSize { get; init; } = DefaultSegmentSize;

    /// <summary>When records are fsynced; <see cref="JournalFlushPolicy.Interval"/> by default.</summary>
    public JournalFlushPolicy FlushPolicy { get; init; } = JournalFlushPolicy.Interval;

    /// <summary>The fsync interval of <see cref="JournalFlushPolicy.Interval"/>; 100 ms by default.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Bytes of the writer's record buffer (one OS write when it fills). At least 4 KiB; 64 KiB by default.</summary>
    public int BufferSize { get; init; } = 64 << 10;

    /// <summary>An index entry at least every this many records; 1024 by default.</summary>
    public int IndexEveryRecords { get; init; } = 1024;

    /// <summary>An index entry at least every this much receive time; 1 s by default.</summary>
    public TimeSpan IndexEveryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>SBE schema id written in segment headers; TickStream's 100 by default.</summary>
    public ushort SchemaId { get; init; } = JournalFormat.TickStreamSchemaId;

    /// <summary>SBE schema version written in segment headers; 0 by default.</summary>
    public ushort SchemaVersion { get; init; } = JournalFormat.TickStreamSchemaVersion;

    /// <summary>
    /// After a write fails (disk full, I/O error), how long the writer waits before trying again; records appended
    /// meanwhile are counted in <see cref="JournalWriter.RecordsNotJournaled"/> and dropped. 1 s by default.
    /// </summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// An outage is over (<see cref="JournalWriteFaultKind.Resumed"/>) once writes have worked for this long; a write
    /// failing sooner (a disk that filled up again) continues the same outage. 5 s by default.
    /// </summary>
    public TimeSpan RecoveredAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>While writes keep failing, <see cref="OnWriteFault"/> hears of it at most this often; 30 s by default.</summary>
    public TimeSpan FaultReportInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Called on the writer's thread when writing fails, at most every <see cref="FaultReportInterval"/> while it
    /// keeps failing, and when it works again; none when null. It must not call the writer.
    /// </summary>
    public Action<JournalWriteFault>? OnWriteFault { get; init; }

    /// <summary>Opens segment and index files for writing; plain <see cref="FileStream"/>s when null (tests inject faults here).</summary>
    public JournalFileOpener? FileOpener { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option that is out of range.</summary>
    internal void Validate()
    {
        int nameBytes = StreamName is null ? 0 : Encoding.UTF8.GetByteCount(StreamName);
        if (nameBytes is 0 or > JournalFormat.MaxStreamNameBytes)
        {
            throw new ArgumentException($"StreamName must be 1 to {JournalFormat.MaxStreamNameBytes} UTF-8 bytes", nameof(StreamName));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(SegmentSize, 4096L, nameof(SegmentSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(BufferSize, 4096, nameof(BufferSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(FlushInterval, TimeSpan.Zero, nameof(FlushInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(IndexEveryRecords, 1, nameof(IndexEveryRecords));
        ArgumentOutOfRangeException.ThrowIfLessThan(IndexEveryInterval, TimeSpan.Zero, nameof(IndexEveryInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryInterval, TimeSpan.Zero, nameof(RetryInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(RecoveredAfter, TimeSpan.Zero, nameof(RecoveredAfter));
        ArgumentOutOfRangeException.ThrowIfLessThan(FaultReportInterval, TimeSpan.Zero, nameof(FaultReportInterval));
    }
}
