using System.Diagnostics;
using System.Globalization;

namespace TickStream.Journal;

/// <summary>
/// Appends messages (topic + SBE frame) with their receive time to a journal directory, rolling segments by size
/// and keeping the sparse time index beside each segment. Opening an existing journal truncates a torn tail of
/// the last segment (what a killed writer leaves) and goes on appending. One writer per directory (a lock file
/// keeps a second one out); the writer is not thread-safe: one thread appends, flushes and disposes it.
/// </summary>
/// <example>
/// <code>
/// using var writer = JournalWriter.Open("journal/feed-1", new JournalWriterOptions { StreamName = "feed-1" });
/// writer.Append(message, receiveTimeNs);   // per record: copies into the buffer, no allocation
/// writer.Flush();                          // at the end of each batch: hands the batch to the OS
/// </code>
/// </example>
public sealed class JournalWriter : IDisposable
{
    private const int IndexBufferSize = 4096;

    private readonly string _directory;
    private readonly JournalWriterOptions _options;
    private readonly FileStream _lock;
    private readonly byte[] _buffer;
    private readonly byte[] _indexBuffer = new byte[IndexBufferSize];
    private readonly long _syncIntervalTicks;
    private readonly long _indexEveryNs;
    private readonly List<JournalProblem> _openProblems = [];

    private readonly long _retryTicks;
    private readonly long _reportTicks;
    private readonly long _recoveredTicks;
    private long _writingSince;

    private Stream _segment = null!;
    private Stream _index = null!;
    private bool _segmentOpen;
    private long _indexWritten;
    private int _bufferedRecords;
    private bool _faulted;
    private long _retryAt;
    private long _outageStart;
    private long _outageRecords;
    private long _lastReport;
    private long _recordsNotJournaled;
    private string? _lastError;
    private bool _diskFull;
    private uint _segmentNumber;
    private long _segmentWritten;
    private int _buffered;
    private int _indexBuffered;
    private uint _segmentRecords;
    private long _recordsSinceIndexEntry;
    private long _lastIndexTimeNs;
    private long _lastTimeNs = long.MinValue;
    private long _lastSyncTimestamp;
    private bool _disposed;

    private JournalWriter(string directory, JournalWriterOptions options, FileStream lockFile)
    {
        _directory = directory;
        _options = options;
        _lock = lockFile;
        _buffer = new byte[options.BufferSize];
        _syncIntervalTicks = (long)(options.FlushInterval.TotalSeconds * Stopwatch.Frequency);
        _indexEveryNs = options.IndexEveryInterval.Ticks * 100;
        _lastSyncTimestamp = Stopwatch.GetTimestamp();
        _retryTicks = (long)(options.RetryInterval.TotalSeconds * Stopwatch.Frequency);
        _reportTicks = (long)(options.FaultReportInterval.TotalSeconds * Stopwatch.Frequency);
        _recoveredTicks = (long)(options.RecoveredAfter.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>The journal directory.</summary>
    public string Directory => _directory;

    /// <summary>The segment file being appended to.</summary>
    public string CurrentSegmentPath => JournalDirectory.SegmentPath(_directory, _segmentNumber);

    /// <summary>Records appended since open.</summary>
    public long RecordsAppended { get; private set; }

    /// <summary>Bytes appended since open, record headers included.</summary>
    public long BytesAppended { get; private set; }

    /// <summary>fsync calls since open.</summary>
    public long Fsyncs { get; private set; }

    /// <summary>Write calls to the OS since open.</summary>
    public long OsWrites { get; private set; }

    /// <summary>Segments created since open.</summary>
    public long SegmentsCreated { get; private set; }

    /// <summary>Bytes of torn tail removed from the last segment when the journal was opened.</summary>
    public long TruncatedBytesAtOpen { get; private set; }

    /// <summary>Valid records found in the last segment when the journal was opened.</summary>
    public long RecoveredRecordsAtOpen { get; private set; }

    /// <summary>
    /// Appends whose receive time was earlier than the previous record's: they are stored with the previous
    /// record's time, so that times in a journal never decrease and a time seek is exact.
    /// </summary>
    public long TimeRegressions { get; private set; }

    /// <summary>
    /// Records dropped because writing failed (disk full, I/O error): those buffered when a write failed and those
    /// appended until writing worked again. Each outage leaves a hole that <see cref="JournalInspector"/> reports
    /// from the stream sequences. Safe to read from any thread.
    /// </summary>
    public long RecordsNotJournaled => Volatile.Read(ref _recordsNotJournaled);

    /// <summary>Outages: times writing failed after working (each reported once to <see cref="JournalWriterOptions.OnWriteFault"/>).</summary>
    public long WriteFaults { get; private set; }

    /// <summary>Whether writing is failing now (records are counted, not written, until a retry succeeds).</summary>
    public bool IsFaulted => Volatile.Read(ref _faulted);

    /// <summary>
    /// Corruption found in the middle of the last segment at open. Such a segment is left untouched (nothing
    /// valid is truncated) and appending goes on in a new segment.
    /// </summary>
    public IReadOnlyList<JournalProblem> OpenProblems => _openProblems;

    /// <summary>
    /// Opens (creating if needed) the journal in <paramref name="directory"/> for appending. An existing journal
    /// must have the same stream name and schema; its last segment's torn tail is truncated and its index rebuilt.
    /// </summary>
    /// <exception cref="JournalException">The directory cannot be used; the message says where and why.</exception>
    public static JournalWriter Open(string directory, JournalWriterOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        FileStream lockFile;
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            lockFile = new FileStream(Path.Combine(directory, JournalFormat.LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new JournalException($"journal directory '{directory}' cannot be opened for writing (is another writer using it?): {e.Message}", e);
        }

        var writer = new JournalWriter(directory, options, lockFile);
        try
        {
            writer.OpenOrRecover();
            return writer;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            writer.Dispose();
            throw new JournalException($"journal directory '{directory}' cannot be opened for writing: {e.Message}", e);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Appends one message with its receive time (ns since the Unix epoch). Copies it into the buffer (no
    /// allocation); under <see cref="JournalFlushPolicy.EveryRecord"/> also writes and fsyncs it. While writing
    /// fails (<see cref="IsFaulted"/>) the record is only counted in <see cref="RecordsNotJournaled"/>, and writing
    /// is tried again every <see cref="JournalWriterOptions.RetryInterval"/>: an I/O error never escapes.
    /// </summary>
    /// <exception cref="ArgumentException">The message is empty or longer than <see cref="JournalFormat.MaxMessageLength"/>.</exception>
    public void Append(ReadOnlySpan<byte> message, long receiveTimeNs)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (message.IsEmpty || message.Length > JournalFormat.MaxMessageLength)
        {
            throw new ArgumentException($"a journal message is 1 to {JournalFormat.MaxMessageLength} bytes", nameof(message));
        }

        if (_faulted && !TryResume())
        {
            DropRecords(1);
            return;
        }

        if (receiveTimeNs < _lastTimeNs)
        {
            receiveTimeNs = _lastTimeNs;
            TimeRegressions++;
        }

        bool taken = false;
        try
        {
            int size = JournalFormat.RecordHeaderLength + message.Length;
            if (_segmentRecords > 0 && _segmentWritten + _buffered + size > _options.SegmentSize)
            {
                Roll();
            }

            long offset = _segmentWritten + _buffered;
            if (size > _buffer.Length - _buffered)
            {
                WriteBuffer();
            }

            if (size <= _buffer.Length)
            {
                Span<byte> record = _buffer.AsSpan(_buffered, size);
                RecordCodec.WriteHeader(record, message, receiveTimeNs);
                message.CopyTo(record[JournalFormat.RecordHeaderLength..]);
                _buffered += size;
                _bufferedRecords++;
            }
            else
            {
                Span<byte> header = stackalloc byte[JournalFormat.RecordHeaderLength];
                RecordCodec.WriteHeader(header, message, receiveTimeNs);
                _segment.Write(header);
                _segment.Write(message);
                _segmentWritten += size;
                OsWrites += 2;
                Written();
            }

            taken = true;
            if (SegmentIndex.IsDue(_segmentRecords, _recordsSinceIndexEntry, receiveTimeNs, _lastIndexTimeNs, _options.IndexEveryRecords, _indexEveryNs))
            {
                AddIndexEntry(new IndexEntry(receiveTimeNs, offset, _segmentRecords));
            }
            else
            {
                _recordsSinceIndexEntry++;
            }

            _segmentRecords++;
            _lastTimeNs = receiveTimeNs;
            RecordsAppended++;
            BytesAppended += size;

            if (_options.FlushPolicy == JournalFlushPolicy.EveryRecord)
            {
                WriteBuffer();
                FsyncSegment();
            }
            else if (_options.FlushPolicy == JournalFlushPolicy.Interval && Stopwatch.GetTimestamp() - _lastSyncTimestamp >= _syncIntervalTicks)
            {
                WriteBuffer();
                FsyncSegment();
            }
        }
        catch (IOException e)
        {
            Fault(e, taken ? 0 : 1);
        }
    }

    /// <summary>
    /// Hands buffered records to the OS (they then survive the process being killed); under
    /// <see cref="JournalFlushPolicy.Interval"/> also fsyncs when the interval has passed. Call it at the end of
    /// each batch, and from time to time when idle (which is also when a failed journal retries writing).
    /// </summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_faulted && !TryResume())
        {
            return;
        }

        try
        {
            WriteBuffer();
            if (_options.FlushPolicy == JournalFlushPolicy.Interval && Stopwatch.GetTimestamp() - _lastSyncTimestamp >= _syncIntervalTicks)
            {
                FsyncSegment();
            }

            if (_writingSince != 0)
            {
                Written();
            }
        }
        catch (IOException e)
        {
            Fault(e, 0);
        }
    }

    /// <summary>Hands buffered records to the OS and fsyncs the segment now, whatever the policy.</summary>
    public void Sync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_faulted && !TryResume())
        {
            return;
        }

        try
        {
            WriteBuffer();
            FsyncSegment();
        }
        catch (IOException e)
        {
            Fault(e, 0);
        }
    }

    /// <summary>
    /// Writes and fsyncs everything, then closes the files and releases the directory. A write that fails here is
    /// counted like any other (<see cref="RecordsNotJournaled"/>), never thrown.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            if (_segmentOpen || _faulted)
            {
                Sync();
            }

            if (!_faulted && _segmentOpen)
            {
                FlushToDisk(_index);
            }
        }
        catch (IOException e)
        {
            Fault(e, 0);
        }
        finally
        {
            _disposed = true;
            CloseQuietly(_segment);
            CloseQuietly(_index);
            _lock.Dispose();
        }
    }

    private static void CloseQuietly(Stream? stream)
    {
        try
        {
            stream?.Dispose();
        }
        catch (IOException)
        {
            // Closing an unbuffered file writes nothing; a failure here has nothing left to lose.
        }
    }

    private static void FlushToDisk(Stream stream)
    {
        if (stream is FileStream file)
        {
            file.Flush(flushToDisk: true);
        }
        else
        {
            stream.Flush();
        }
    }

    private Stream OpenFile(string path, FileMode mode) => _options.FileOpener is { } opener
        ? opener(path, mode)
        : new FileStream(path, mode, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);

    /// <summary>
    /// A write failed: what was buffered is lost (counted), the file keeps what was written before, and nothing is
    /// written until <see cref="JournalWriterOptions.RetryInterval"/> has passed.
    /// </summary>
    private void Fault(IOException error, long alsoLost)
    {
        long now = Stopwatch.GetTimestamp();
        if (_outageStart == 0)
        {
            _outageRecords = 0;
        }

        RecordsAppended -= _bufferedRecords;
        BytesAppended -= _buffered;
        _segmentRecords -= (uint)_bufferedRecords;
        DropRecords(_bufferedRecords + alsoLost);
        _buffered = 0;
        _bufferedRecords = 0;
        _indexBuffered = 0;
        CutBackToLastWrite();
        _lastError = error.Message;
        _diskFull = IsDiskFull(error);
        _retryAt = now + _retryTicks;
        _faulted = true;
        if (_outageStart == 0)
        {
            // A new outage (a failure right after a retry belongs to the one before: reported as still failing).
            _outageStart = now;
            _lastReport = now;
            WriteFaults++;
            Report(JournalWriteFaultKind.Failed, now);
        }
        else
        {
            _writingSince = 0;
            if (now - _lastReport >= _reportTicks)
            {
                _lastReport = now;
                Report(JournalWriteFaultKind.StillFailing, now);
            }
        }
    }

    /// <summary>
    /// Removes what a failed write left past the last good one, so that the records counted as not journaled are
    /// not in the file either (shrinking a file needs no space; if even that fails, the retry or the next open does it).
    /// </summary>
    private void CutBackToLastWrite()
    {
        if (!_segmentOpen)
        {
            return;
        }

        try
        {
            _segment.SetLength(_segmentWritten);
            _segment.Position = _segmentWritten;
            _index.SetLength(_indexWritten);
            _index.Position = _indexWritten;
        }
        catch (IOException)
        {
            // TryResume cuts back again before writing.
        }
    }

    private void DropRecords(long count)
    {
        Volatile.Write(ref _recordsNotJournaled, _recordsNotJournaled + count);
        _outageRecords += count;
    }

    private void Report(JournalWriteFaultKind kind, long now) =>
        _options.OnWriteFault?.Invoke(new JournalWriteFault(kind, _directory, _lastError ?? "", _diskFull, _outageRecords,
            Stopwatch.GetElapsedTime(_outageStart, now), _options.RetryInterval));

    /// <summary>ENOSPC (28) on Linux, ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.</summary>
    private static bool IsDiskFull(IOException error) => OperatingSystem.IsWindows()
        ? (error.HResult & 0xFFFF) is 112 or 39
        : error.HResult == 28;

    /// <summary>
    /// Once the retry interval has passed, puts the files back where the last successful write left them (a failed
    /// write may have left part of a record) and lets appending go on; false when that fails or it is too early.
    /// </summary>
    private bool TryResume()
    {
        long now = Stopwatch.GetTimestamp();
        if (now < _retryAt)
        {
            return false;
        }

        try
        {
            if (_segmentOpen)
            {
                _segment.SetLength(_segmentWritten);
                _segment.Position = _segmentWritten;
                _index.SetLength(_indexWritten);
                _index.Position = _indexWritten;
            }
            else
            {
                // The fault came while rolling: the next segment may exist in part.
                string next = JournalDirectory.SegmentPath(_directory, _segmentNumber + 1);
                File.Delete(next);
                File.Delete(JournalDirectory.IndexPathOf(next));
                CreateSegment(_segmentNumber + 1);
            }
        }
        catch (IOException e)
        {
            Fault(e, 0);
            return false;
        }

        // The outage ends with the first write that succeeds (Written), so a disk still full is not announced as
        // recovered only to fail again.
        _faulted = false;
        return true;
    }

    /// <summary>A write reached the OS: an outage in progress is over once writes have worked for a while.</summary>
    private void Written()
    {
        if (_outageStart == 0)
        {
            return;
        }

        long now = Stopwatch.GetTimestamp();
        if (_writingSince == 0)
        {
            _writingSince = now;
        }

        if (now - _writingSince >= _recoveredTicks)
        {
            Report(JournalWriteFaultKind.Resumed, now);
            _outageStart = 0;
            _outageRecords = 0;
            _writingSince = 0;
        }
    }

    private void AddIndexEntry(IndexEntry entry)
    {
        SegmentIndex.WriteEntry(_indexBuffer.AsSpan(_indexBuffered), entry);
        _indexBuffered += JournalFormat.IndexEntryLength;
        _recordsSinceIndexEntry = 0;
        _lastIndexTimeNs = entry.TimeNs;
        if (_indexBuffered + JournalFormat.IndexEntryLength > _indexBuffer.Length)
        {
            // Data goes first so that an index entry never points at bytes the OS has not got.
            WriteBuffer();
        }
    }

    private void WriteBuffer()
    {
        if (_buffered > 0)
        {
            _segment.Write(_buffer, 0, _buffered);
            _segmentWritten += _buffered;
            _buffered = 0;
            _bufferedRecords = 0;
            OsWrites++;
            Written();
        }

        if (_indexBuffered > 0)
        {
            _index.Write(_indexBuffer, 0, _indexBuffered);
            _indexWritten += _indexBuffered;
            _indexBuffered = 0;
        }
    }

    private void FsyncSegment()
    {
        FlushToDisk(_segment);
        Fsyncs++;
        _lastSyncTimestamp = Stopwatch.GetTimestamp();
    }

    private void Roll()
    {
        WriteBuffer();
        FsyncSegment();
        FlushToDisk(_index);
        _segmentOpen = false;
        _segment.Dispose();
        _index.Dispose();
        CreateSegment(_segmentNumber + 1);
    }

    private void CreateSegment(uint number)
    {
        string path = JournalDirectory.SegmentPath(_directory, number);
        var header = new JournalSegmentHeader(number, _options.StreamName, _options.SchemaId, _options.SchemaVersion, (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100);
        Span<byte> bytes = stackalloc byte[JournalFormat.SegmentHeaderLength];
        header.Write(bytes);
        Span<byte> indexHeader = stackalloc byte[JournalFormat.IndexHeaderLength];
        SegmentIndex.WriteHeader(indexHeader, number, _options.IndexEveryRecords);
        Stream? segment = null;
        Stream? index = null;
        try
        {
            segment = OpenFile(path, FileMode.CreateNew);
            segment.Write(bytes);
            if (_options.FlushPolicy != JournalFlushPolicy.OnClose)
            {
                FlushToDisk(segment);
                Fsyncs++;
                _lastSyncTimestamp = Stopwatch.GetTimestamp();
            }

            index = OpenFile(JournalDirectory.IndexPathOf(path), FileMode.Create);
            index.Write(indexHeader);
        }
        catch (IOException)
        {
            // A segment without its whole header would be refused at the next open: leave none behind.
            CloseQuietly(segment);
            CloseQuietly(index);
            DeleteQuietly(path);
            DeleteQuietly(JournalDirectory.IndexPathOf(path));
            throw;
        }

        _segment = segment;
        _index = index;
        _segmentOpen = true;
        _segmentNumber = number;
        _segmentWritten = JournalFormat.SegmentHeaderLength;
        _indexWritten = JournalFormat.IndexHeaderLength;
        _segmentRecords = 0;
        _recordsSinceIndexEntry = 0;
        _lastIndexTimeNs = long.MinValue;
        SegmentsCreated++;
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Retried with the next attempt to create the segment.
        }
    }

    private void OpenOrRecover()
    {
        List<(uint Number, string Path)> segments = JournalDirectory.ListSegments(_directory);
        for (int i = 0; i < segments.Count - 1; i++)
        {
            if (!File.Exists(JournalDirectory.IndexPathOf(segments[i].Path)))
            {
                _ = RebuildIndex(segments[i].Path, segments[i].Number, isLast: false, out _);
            }
        }

        if (segments.Count == 0)
        {
            CreateSegment(1);
            return;
        }

        (uint lastNumber, string lastPath) = segments[^1];
        long length = new FileInfo(lastPath).Length;
        if (length < JournalFormat.SegmentHeaderLength)
        {
            // A writer died while creating this segment: it holds no record, only part of a header.
            TruncatedBytesAtOpen = length;
            File.Delete(lastPath);
            File.Delete(JournalDirectory.IndexPathOf(lastPath));
            _lastTimeNs = segments.Count > 1 ? LastRecordTime(segments[^2].Path, segments[^2].Number) : long.MinValue;
            CreateSegment(lastNumber);
            return;
        }

        RecoveredSegment recovered = RebuildIndex(lastPath, lastNumber, isLast: true, out JournalSegmentHeader header);
        if (header.StreamName != _options.StreamName || header.SchemaId != _options.SchemaId || header.SchemaVersion != _options.SchemaVersion)
        {
            throw new JournalException(string.Create(
                CultureInfo.InvariantCulture,
                $"'{lastPath}' records stream '{header.StreamName}' (schema {header.SchemaId} v{header.SchemaVersion}); this writer is for stream '{_options.StreamName}' (schema {_options.SchemaId} v{_options.SchemaVersion})"));
        }

        RecoveredRecordsAtOpen = recovered.Records;
        _lastTimeNs = recovered.Records > 0 ? recovered.LastTimeNs
            : segments.Count > 1 ? LastRecordTime(segments[^2].Path, segments[^2].Number) : long.MinValue;
        if (_openProblems.Count > 0)
        {
            // Valid records follow bad data in this segment: truncating would lose them, so it stays as it is.
            CreateSegment(lastNumber + 1);
            return;
        }

        _segment = OpenFile(lastPath, FileMode.Open);
        if (recovered.ValidEnd < length)
        {
            TruncatedBytesAtOpen = length - recovered.ValidEnd;
            _segment.SetLength(recovered.ValidEnd);
            FlushToDisk(_segment);
        }

        _segment.Seek(recovered.ValidEnd, SeekOrigin.Begin);

        // Not FileMode.Append: after a failed write the index is cut back to its last good length, which Append forbids.
        _index = OpenFile(JournalDirectory.IndexPathOf(lastPath), FileMode.Open);
        _indexWritten = _index.Seek(0, SeekOrigin.End);
        _segmentOpen = true;
        _segmentNumber = lastNumber;
        _segmentWritten = recovered.ValidEnd;
        _segmentRecords = recovered.Records;
        _recordsSinceIndexEntry = recovered.RecordsSinceIndexEntry;
        _lastIndexTimeNs = recovered.LastIndexTimeNs;
    }

    /// <summary>Scans a segment, writes its index afresh and says where its valid records end.</summary>
    private RecoveredSegment RebuildIndex(string path, uint number, bool isLast, out JournalSegmentHeader header)
    {
        using SegmentCursor cursor = SegmentCursor.Open(path, number, isLast, 1 << 20, out JournalProblem? headerProblem)
            ?? throw new JournalException($"cannot recover '{path}': {headerProblem!.Detail}");
        header = cursor.Header;
        var entries = new List<IndexEntry>();
        var result = new RecoveredSegment { ValidEnd = JournalFormat.SegmentHeaderLength, LastIndexTimeNs = long.MinValue };
        bool damaged = false;
        while (true)
        {
            if (cursor.Next())
            {
                if (!damaged)
                {
                    if (SegmentIndex.IsDue(result.Records, result.RecordsSinceIndexEntry, cursor.RecordTimeNs, result.LastIndexTimeNs, _options.IndexEveryRecords, _indexEveryNs))
                    {
                        entries.Add(new IndexEntry(cursor.RecordTimeNs, cursor.RecordOffset, result.Records));
                        result.RecordsSinceIndexEntry = 0;
                        result.LastIndexTimeNs = cursor.RecordTimeNs;
                    }
                    else
                    {
                        result.RecordsSinceIndexEntry++;
                    }

                    result.ValidEnd = cursor.Position;
                }

                result.Records++;
                result.LastTimeNs = cursor.RecordTimeNs;
                continue;
            }

            if (cursor.Problem is null || cursor.Problem.Kind == JournalProblemKind.TornTail)
            {
                break;
            }

            // Entries past corruption would carry wrong ordinals; the valid prefix is still a correct index.
            damaged = true;
            if (isLast)
            {
                _openProblems.Add(cursor.Problem);
            }

            cursor.Position = cursor.ResumeOffset;
        }

        SegmentIndex.WriteFile(JournalDirectory.IndexPathOf(path), number, _options.IndexEveryRecords, entries);
        return result;
    }

    private static long LastRecordTime(string path, uint number)
    {
        using SegmentCursor? cursor = SegmentCursor.Open(path, number, isLast: false, 1 << 20, out _);
        if (cursor is null)
        {
            return long.MinValue;
        }

        List<IndexEntry>? entries = SegmentIndex.Load(JournalDirectory.IndexPathOf(path), number, out _);
        if (entries is { Count: > 0 } && cursor.IsRecordAt(entries[^1].Offset, entries[^1].TimeNs))
        {
            cursor.Position = entries[^1].Offset;
        }

        long last = long.MinValue;
        while (cursor.Next() || cursor.Problem is not null)
        {
            if (cursor.Problem is not null)
            {
                cursor.Position = cursor.ResumeOffset;
                continue;
            }

            last = cursor.RecordTimeNs;
        }

        return last;
    }

    private struct RecoveredSegment
    {
        public long ValidEnd;
        public uint Records;
        public long RecordsSinceIndexEntry;
        public long LastIndexTimeNs;
        public long LastTimeNs;
    }
}
