using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using TickStream.Journal;

namespace TickStream.Benchmarks.Journal;

/// <summary>
/// Journal append throughput for the 111-byte Quote of docs/WIRE.md section 5 under each fsync policy, beside
/// a baseline that does only the per-record CPU work (CRC-32C and the copy into a buffer, no I/O). One operation
/// is one record; MB/s = 127 bytes per record (16-byte header + 111-byte message) x records/s.
/// </summary>
[MemoryDiagnoser]
public class JournalWriteBenchmarks
{
    private const int RecordsPerInvoke = 4096;
    private const int SyncedRecordsPerInvoke = 64;
    private const long ResetAfterBytes = 256L << 20;

    private readonly byte[] _message = QuoteMessage();
    private readonly byte[] _copyBuffer = new byte[64 << 10];
    private string _root = string.Empty;
    private JournalWriter? _onClose;
    private JournalWriter? _interval;
    private JournalWriter? _everyRecord;
    private long _time = 1_767_225_600_000_000_000;
    private int _copyOffset;

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "tsj-bench-" + Guid.NewGuid().ToString("N"));
        _onClose = OpenWriter("on-close", JournalFlushPolicy.OnClose);
        _interval = OpenWriter("interval", JournalFlushPolicy.Interval);
        _everyRecord = OpenWriter("every-record", JournalFlushPolicy.EveryRecord);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _onClose?.Dispose();
        _interval?.Dispose();
        _everyRecord?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>The CPU work of a record without I/O: header with CRC-32C, message copied into a 64 KiB buffer.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = RecordsPerInvoke)]
    public int CrcAndCopyOnly()
    {
        int size = 16 + _message.Length;
        for (int i = 0; i < RecordsPerInvoke; i++)
        {
            if (_copyOffset + size > _copyBuffer.Length)
            {
                _copyOffset = 0;
            }

            Span<byte> record = _copyBuffer.AsSpan(_copyOffset, size);
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)_message.Length);
            BinaryPrimitives.WriteInt64LittleEndian(record[4..], _time++);
            uint crc = Crc32C.Compute(record[..12], _message);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], crc);
            _message.CopyTo(record[16..]);
            _copyOffset += size;
        }

        return _copyOffset;
    }

    /// <summary>Buffered; one OS write per 64 KiB or per Flush (here once per 4096 records); fsync on roll and close only.</summary>
    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public long Append_OnClose() => AppendBatch(ref _onClose!, "on-close", JournalFlushPolicy.OnClose, RecordsPerInvoke);

    /// <summary>The default: buffered, Flush per 4096-record batch, fsync every 100 ms.</summary>
    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public long Append_Interval100ms() => AppendBatch(ref _interval!, "interval", JournalFlushPolicy.Interval, RecordsPerInvoke);

    /// <summary>One write and one fsync per record.</summary>
    [Benchmark(OperationsPerInvoke = SyncedRecordsPerInvoke)]
    public long Append_EveryRecord() => AppendBatch(ref _everyRecord!, "every-record", JournalFlushPolicy.EveryRecord, SyncedRecordsPerInvoke);

    private long AppendBatch(ref JournalWriter writer, string name, JournalFlushPolicy policy, int records)
    {
        for (int i = 0; i < records; i++)
        {
            writer.Append(_message, _time++);
        }

        writer.Flush();
        if (writer.BytesAppended > ResetAfterBytes)
        {
            // Keeps the disk footprint bounded over millions of invocations; one reset per ~2 million records.
            writer.Dispose();
            Directory.Delete(Path.Combine(_root, name), recursive: true);
            writer = OpenWriter(name, policy);
        }

        return writer.RecordsAppended;
    }

    private JournalWriter OpenWriter(string name, JournalFlushPolicy policy) =>
        JournalWriter.Open(Path.Combine(_root, name), new JournalWriterOptions { StreamName = "bench", FlushPolicy = policy, SegmentSize = 64L << 20 });

    /// <summary>The worked example of docs/WIRE.md section 5: "Q.AAPL|" and a 104-byte Quote frame, 111 bytes.</summary>
    private static byte[] QuoteMessage()
    {
        var message = new byte[111];
        "Q.AAPL|"u8.CopyTo(message);
        Span<byte> frame = message.AsSpan(7);
        BinaryPrimitives.WriteUInt16LittleEndian(frame, 96);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[2..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[4..], 100);
        BinaryPrimitives.WriteUInt64LittleEndian(frame[8..], 1042);
        BinaryPrimitives.WriteUInt64LittleEndian(frame[16..], 17);
        BinaryPrimitives.WriteUInt64LittleEndian(frame[24..], 1_767_225_600_000_000_000);
        BinaryPrimitives.WriteUInt64LittleEndian(frame[32..], 1_767_225_600_000_025_000);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[40..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[44..], 1);
        "AAPL"u8.CopyTo(frame[48..]);
        "XNAS"u8.CopyTo(frame[64..]);
        BinaryPrimitives.WriteInt64LittleEndian(frame[72..], 189_990_000_000);
        BinaryPrimitives.WriteInt64LittleEndian(frame[80..], 300);
        BinaryPrimitives.WriteInt64LittleEndian(frame[88..], 190_010_000_000);
        BinaryPrimitives.WriteInt64LittleEndian(frame[96..], 200);
        return message;
    }
}
