using System.Text;

namespace TickStream.Journal;

/// <summary>
/// Reads a journal's records in order across its segments, without allocating per record: each record is a
/// view of the reader's buffer. Time bounds seek through the sparse index; a symbol filter reads the topic.
/// Bad data is reported as <see cref="JournalProblem"/>s: a torn tail ends reading cleanly; a corrupt record
/// stops it unless <see cref="JournalReadOptions.SkipCorrupt"/>.
/// </summary>
/// <example>
/// <code>
/// using var reader = JournalReader.Open("journal/feed-1", new JournalReadOptions { FromTimeNs = from });
/// foreach (JournalRecord record in reader)
/// {
///     Publish(record.Message, record.ReceiveTimeNs);
/// }
/// if (reader.StoppedOnCorruption) { /* reader.Problems says where and why */ }
/// </code>
/// </example>
public sealed class JournalReader : IDisposable
{
    private const int PeekBufferSize = 4096;

    private readonly List<(uint Number, string Path)> _segments;
    private readonly JournalReadOptions _options;
    private readonly byte[][]? _symbols;
    private readonly long _from;
    private readonly long _to;
    private readonly List<JournalProblem> _problems = [];
    private byte[] _buffer;
    private int _next;
    private SegmentCursor? _cursor;
    private bool _done;

    private JournalReader(List<(uint Number, string Path)> segments, JournalReadOptions options)
    {
        _segments = segments;
        _options = options;
        _buffer = new byte[options.BufferSize];
        _from = options.FromTimeNs ?? long.MinValue;
        _to = options.ToTimeNs ?? long.MaxValue;
        if (options.Symbols is { Count: > 0 } symbols)
        {
            _symbols = new byte[symbols.Count][];
            for (int i = 0; i < symbols.Count; i++)
            {
                _symbols[i] = Encoding.ASCII.GetBytes(symbols[i]);
            }
        }
    }

    /// <summary>The segment files, in reading order.</summary>
    public IReadOnlyList<string> SegmentPaths => _segments.ConvertAll(static s => s.Path);

    /// <summary>Every problem found so far, in the order found.</summary>
    public IReadOnlyList<JournalProblem> Problems => _problems;

    /// <summary>The torn tail at the end of the journal, once reading got there; null if the journal ends cleanly.</summary>
    public JournalProblem? TornTail { get; private set; }

    /// <summary>Whether reading stopped at a corrupt record or bad segment (only without SkipCorrupt).</summary>
    public bool StoppedOnCorruption { get; private set; }

    /// <summary>Records returned so far (those that passed the time and symbol filters).</summary>
    public long RecordsRead { get; private set; }

    /// <summary>Valid records looked at so far, returned or filtered out.</summary>
    public long RecordsScanned { get; private set; }

    /// <summary>Whether the start of reading was found through a segment's index (rather than from its start).</summary>
    public bool SeekedByIndex { get; private set; }

    /// <summary>
    /// Opens the journal in <paramref name="directory"/> for reading.
    /// </summary>
    /// <exception cref="JournalException">The directory is missing, unreadable or holds no segment file.</exception>
    public static JournalReader Open(string directory, JournalReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= new JournalReadOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BufferSize, 4096, nameof(options));
        List<(uint Number, string Path)> segments = JournalDirectory.ListSegments(directory);
        if (segments.Count == 0)
        {
            throw new JournalException($"journal directory '{directory}' holds no segment file (*{JournalFormat.SegmentExtension})");
        }

        var reader = new JournalReader(segments, options);
        if (options.FromTimeNs is not null)
        {
            reader._next = reader.FindStartSegment();
        }

        return reader;
    }

    /// <summary>Reads the next record that passes the filters; false at the end or when reading stopped.</summary>
    public bool TryRead(out JournalRecord record)
    {
        while (!_done)
        {
            if (_cursor is null)
            {
                if (!OpenNextSegment())
                {
                    _done = true;
                }

                continue;
            }

            if (_cursor.Next())
            {
                RecordsScanned++;
                long time = _cursor.RecordTimeNs;
                if (time < _from)
                {
                    continue;
                }

                if (time > _to)
                {
                    // Receive times never decrease in a journal (the writer makes sure), so nothing later is in range.
                    _done = true;
                    break;
                }

                ReadOnlySpan<byte> message = _cursor.Message;
                if (_symbols is not null && !MatchesSymbol(message))
                {
                    continue;
                }

                RecordsRead++;
                record = new JournalRecord(message, time, _cursor.Header.SegmentNumber, _cursor.RecordOffset);
                return true;
            }

            JournalProblem? problem = _cursor.Problem;
            if (problem is null)
            {
                CloseCursor();
                continue;
            }

            Report(problem);
            if (problem.Kind == JournalProblemKind.TornTail)
            {
                TornTail = problem;
                CloseCursor();
            }
            else if (_options.SkipCorrupt)
            {
                _cursor.Position = _cursor.ResumeOffset;
            }
            else
            {
                StoppedOnCorruption = true;
                _done = true;
            }
        }

        CloseCursor();
        record = default;
        return false;
    }

    /// <summary>Enumerates the records (each valid until the next step) with <c>foreach</c>.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <inheritdoc/>
    public void Dispose()
    {
        _done = true;
        CloseCursor();
    }

    private bool OpenNextSegment()
    {
        while (_next < _segments.Count)
        {
            (uint number, string path) = _segments[_next];
            bool isLast = _next == _segments.Count - 1;
            bool isFirstRead = RecordsScanned == 0;
            _next++;
            _cursor = SegmentCursor.Open(path, number, isLast, _buffer, out JournalProblem? problem);
            if (_cursor is not null)
            {
                if (isFirstRead && _options.FromTimeNs is not null)
                {
                    SeekThroughIndex(_cursor, number);
                }

                return true;
            }

            Report(problem!);
            if (problem!.Kind == JournalProblemKind.TornTail)
            {
                TornTail = problem;
                return false;
            }

            if (!_options.SkipCorrupt)
            {
                StoppedOnCorruption = true;
                return false;
            }
        }

        return false;
    }

    /// <summary>The last segment whose first record is earlier than From: every record before it is too.</summary>
    private int FindStartSegment()
    {
        int start = 0;
        for (int i = 0; i < _segments.Count; i++)
        {
            (uint number, string path) = _segments[i];
            using SegmentCursor? cursor = SegmentCursor.Open(path, number, isLast: false, PeekBufferSize, out _);
            if (cursor is not null && cursor.Next())
            {
                if (cursor.RecordTimeNs >= _from)
                {
                    break;
                }

                start = i;
            }
        }

        return start;
    }

    /// <summary>Moves to the last indexed record earlier than From, if the index has one that checks out.</summary>
    private void SeekThroughIndex(SegmentCursor cursor, uint number)
    {
        List<IndexEntry>? entries = SegmentIndex.Load(JournalDirectory.IndexPathOf(cursor.SegmentPath), number, out _);
        if (entries is null)
        {
            return;
        }

        for (int i = entries.Count - 1; i >= 0; i--)
        {
            IndexEntry entry = entries[i];
            if (entry.TimeNs < _from && cursor.IsRecordAt(entry.Offset, entry.TimeNs))
            {
                cursor.Position = entry.Offset;
                SeekedByIndex = true;
                return;
            }
        }
    }

    private bool MatchesSymbol(ReadOnlySpan<byte> message)
    {
        if (!JournalMessage.TryGetSymbol(message, out ReadOnlySpan<byte> symbol))
        {
            return false;
        }

        foreach (byte[] wanted in _symbols!)
        {
            if (symbol.SequenceEqual(wanted))
            {
                return true;
            }
        }

        return false;
    }

    private void Report(JournalProblem problem)
    {
        _problems.Add(problem);
        _options.OnProblem?.Invoke(problem);
    }

    private void CloseCursor()
    {
        if (_cursor is not null)
        {
            // One buffer serves every segment: opening the next one allocates no new buffer.
            _buffer = _cursor.Buffer;
        }

        _cursor?.Dispose();
        _cursor = null;
    }

    /// <summary>The <c>foreach</c> enumerator of a <see cref="JournalReader"/>.</summary>
    public ref struct Enumerator
    {
        private readonly JournalReader _reader;
        private JournalRecord _current;

        internal Enumerator(JournalReader reader)
        {
            _reader = reader;
            _current = default;
        }

        /// <summary>The current record.</summary>
        public readonly JournalRecord Current => _current;

        /// <summary>Moves to the next record.</summary>
        public bool MoveNext() => _reader.TryRead(out _current);
    }
}
