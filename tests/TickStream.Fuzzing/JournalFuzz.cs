using System.Buffers.Binary;
using System.IO.Hashing;
using FsCheck;
using FsCheck.Fluent;
using TickStream.Journal;

namespace TickStream.Fuzzing;

/// <summary>
/// Fuzzes the journal reader and inspector with valid journals (three segments and their indexes) in which one
/// file is corrupted or truncated. Nothing may escape but the documented open-time <see cref="JournalException"/>;
/// every record returned must carry a valid CRC-32C in the file and be byte for byte a record that was written;
/// reading must end.
/// </summary>
public sealed class JournalFuzz : IDisposable
{
    private const int Records = 120;
    private readonly string _root;
    private readonly string _caseDirectory;
    private readonly (string Name, byte[] Bytes)[] _files;
    private readonly Dictionary<long, byte[]> _written = [];
    private int _lastMutated = -1;

    /// <summary>Writes the valid journal once, in a fresh temporary directory.</summary>
    public JournalFuzz()
    {
        _root = Path.Combine(Path.GetTempPath(), "tickstream-journal-fuzz-" + Guid.NewGuid().ToString("N"));
        var source = Path.Combine(_root, "source");
        _caseDirectory = Path.Combine(_root, "case");
        Directory.CreateDirectory(_caseDirectory);
        using (var writer = JournalWriter.Open(source, new JournalWriterOptions { StreamName = "fuzz", SegmentSize = 6 * 1024, IndexEveryRecords = 8, FlushPolicy = JournalFlushPolicy.Interval }))
        {
            for (var i = 0; i < Records; i++)
            {
                var message = (byte[])[.. "Q.AAPL|"u8, .. SbeFuzz.Encode(i % 7, i % 5, i)];
                var time = 1_700_000_000_000_000_000L + (i * 1_000L);
                writer.Append(message, time);
                _written[time] = message;
            }
        }

        _files = [.. Directory.GetFiles(source).Order(StringComparer.Ordinal).Select(static f => (Path.GetFileName(f), File.ReadAllBytes(f)))];
        foreach (var (name, bytes) in _files)
        {
            File.WriteAllBytes(Path.Combine(_caseDirectory, name), bytes);
        }
    }

    /// <summary>Files of the valid journal.</summary>
    public int FileCount => _files.Length;

    /// <summary>Which file to corrupt, the mutation, and whether to skip corrupt records.</summary>
    public Gen<(int File, int[] Ops, bool SkipCorrupt)> Cases =>
        Gen.Choose(0, _files.Length - 1).SelectMany(file => Gen.ArrayOf(Gen.Choose(0, int.MaxValue - 1), 16)
            .SelectMany(ops => Gen.Elements(true, false).Select(skip => (file, ops, skip))));

    /// <summary>Writes the corrupted journal and reads it; throws <see cref="FuzzFindingException"/> on a broken guarantee.</summary>
    /// <param name="c">The case.</param>
    public void Check((int File, int[] Ops, bool SkipCorrupt) c)
    {
        ArgumentNullException.ThrowIfNull(c.Ops);
        // Only the file corrupted last time is restored and only this case's file is rewritten: two writes a case.
        if (_lastMutated >= 0)
        {
            File.WriteAllBytes(Path.Combine(_caseDirectory, _files[_lastMutated].Name), _files[_lastMutated].Bytes);
        }

        var mutated = Mutations.Apply(_files[c.File].Bytes, c.Ops);
        File.WriteAllBytes(Path.Combine(_caseDirectory, _files[c.File].Name), mutated);
        _lastMutated = c.File;
        var segments = new Dictionary<uint, byte[]>();
        for (var i = 0; i < _files.Length; i++)
        {
            if (uint.TryParse(Path.GetFileNameWithoutExtension(_files[i].Name), out var number) && _files[i].Name.EndsWith(JournalFormat.SegmentExtension, StringComparison.Ordinal))
            {
                segments[number] = i == c.File ? mutated : _files[i].Bytes;
            }
        }

        JournalReader reader;
        try
        {
            reader = JournalReader.Open(_caseDirectory, new JournalReadOptions { SkipCorrupt = c.SkipCorrupt, BufferSize = 4096 });
        }
        catch (JournalException)
        {
            return;
        }

        using (reader)
        {
            var returned = 0;
            while (reader.TryRead(out var record))
            {
                // A duplicated byte range may hold whole valid records, which are then rightly read twice.
                if (++returned > 2 * Records)
                {
                    throw new FuzzFindingException($"the reader returned more than twice the {Records} records written");
                }

                CheckRecord(record, segments);
            }
        }

        try
        {
            _ = JournalInspector.Inspect(_caseDirectory).ToText();
        }
        catch (JournalException)
        {
            // Documented: the inspector opens like the reader.
        }
    }

    private void CheckRecord(JournalRecord record, Dictionary<uint, byte[]> segments)
    {
        if (!segments.TryGetValue(record.SegmentNumber, out var segment))
        {
            throw new FuzzFindingException($"a record names segment {record.SegmentNumber}, which is not in the directory");
        }

        var offset = record.Offset;
        if (offset < 0 || offset + 16 + record.Message.Length > segment.Length)
        {
            throw new FuzzFindingException($"record at {record.SegmentNumber}:{offset} lies outside its segment");
        }

        var header = segment.AsSpan((int)offset, 16);
        var crc = new Crc32(Crc32ParameterSet.Crc32C);
        crc.Append(header[..12]);
        crc.Append(record.Message);
        if (crc.GetCurrentHashAsUInt32() != BinaryPrimitives.ReadUInt32LittleEndian(header[12..])
            || BinaryPrimitives.ReadInt32LittleEndian(header) != record.Message.Length
            || !segment.AsSpan((int)offset + 16, record.Message.Length).SequenceEqual(record.Message))
        {
            throw new FuzzFindingException($"record at {record.SegmentNumber}:{offset} does not carry a valid CRC in the file");
        }

        if (!_written.TryGetValue(record.ReceiveTimeNs, out var written) || !written.AsSpan().SequenceEqual(record.Message))
        {
            throw new FuzzFindingException($"record at {record.SegmentNumber}:{offset} (time {record.ReceiveTimeNs}) was never written");
        }
    }

    /// <summary>Deletes the temporary directory.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }
}
