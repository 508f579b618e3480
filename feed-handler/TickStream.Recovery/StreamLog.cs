using System.Runtime.InteropServices;

namespace TickStream.Recovery;

/// <summary>
/// The window of one stream: the last frames of its current session, in streamSeq order, as an index ring of
/// <see cref="WindowEntry"/> over a byte ring of data pages. Both are allocated a chunk or a page at a time as they
/// first fill, never up front, and then reused: appending copies into them and allocates nothing.
/// </summary>
/// <remarks>
/// One writer; readers on any thread. Entries are numbered by a logical index that only grows (across sessions
/// too). The writer publishes <c>_tail</c> after writing an entry (release), and raises <c>_head</c> followed by a
/// full fence before it overwrites an entry slot or the bytes of an evicted frame. A reader copies an entry and its
/// bytes, fences, and then checks that the entry's index is still at or above <c>_head</c>: if it is, nothing it
/// read was overwritten (the seqlock check of Aeron's log buffers, per entry). Evictions are batched so the fence is
/// paid once per <see cref="EvictBatch"/> appends, not per frame.
/// </remarks>
internal sealed class StreamLog
{
    /// <summary>Bytes per data page; a frame never spans two pages, so a message up to this long is held.</summary>
    public const int PageSize = 1 << 20;

    private const int EntryChunkBits = 16;
    private const int EntryChunk = 1 << EntryChunkBits;
    private const int EvictBatch = 1024;

    private readonly WindowEntry[]?[] _chunks;
    private readonly byte[]?[] _pages;
    private readonly long _capacity;
    private readonly long _mask;
    private readonly long _dataCapacity;
    private Counters _c;

    /// <summary>Creates an empty log.</summary>
    /// <param name="capacity">Frames held at most, a power of two.</param>
    /// <param name="dataBytes">Bytes held at most, rounded up to whole pages.</param>
    public StreamLog(long capacity, long dataBytes)
    {
        _capacity = capacity;
        _mask = capacity - 1;
        _chunks = new WindowEntry[]?[(int)Math.Max(1, (capacity + EntryChunk - 1) / EntryChunk)];
        var pages = (int)Math.Max(1, (dataBytes + PageSize - 1) / PageSize);
        _pages = new byte[]?[pages];
        _dataCapacity = (long)pages * PageSize;
    }

    /// <summary>The session the entries belong to; 0 while no StreamStart was seen.</summary>
    public ulong Session => Volatile.Read(ref _c.Session);

    /// <summary>Frames appended in this log's life (all sessions).</summary>
    public long Appended => Volatile.Read(ref _c.Tail);

    /// <summary>Frames refused: a streamSeq not above the last one, or a message longer than a page.</summary>
    public long Refused => Volatile.Read(ref _c.Refused);

    /// <summary>A StreamStart: a new session empties the log; the first session seen adopts what is held.</summary>
    /// <param name="session">The StreamStart's sessionId.</param>
    public void Start(ulong session)
    {
        var current = _c.Session;
        if (session == current)
        {
            return;
        }

        if (current != 0)
        {
            // Everything held is of the old session: evict it all before the new session's frames reuse its slots.
            Volatile.Write(ref _c.Head, _c.Tail);
            _c.LastSeq = 0;
            Interlocked.MemoryBarrier();
        }

        // Frames seen before the first StreamStart (a gateway that joined mid-session) are of that session: kept.
        Volatile.Write(ref _c.Session, session);
        Volatile.Write(ref _c.Generation, _c.Generation + 1);
    }

    /// <summary>Appends one message (topic and frame) with its streamSeq; single writer, allocation-free once warm.</summary>
    /// <param name="seq">The frame's streamSeq.</param>
    /// <param name="message">The message as published.</param>
    /// <returns>False when refused (out of order or too long).</returns>
    public bool Append(ulong seq, ReadOnlySpan<byte> message)
    {
        var length = message.Length;
        if (seq <= _c.LastSeq || length > PageSize || length == 0)
        {
            Volatile.Write(ref _c.Refused, _c.Refused + 1);
            return false;
        }

        var start = _c.WritePos;
        if ((start & (PageSize - 1)) + length > PageSize)
        {
            start = (start | (PageSize - 1)) + 1;
        }

        var end = start + length;
        var tail = _c.Tail;
        var head = _c.Head;
        if (tail - head >= _capacity || (tail > head && EntryAt(head).Start < end - _dataCapacity))
        {
            Evict(tail, end);
        }

        var pageIndex = (int)((start / PageSize) % _pages.Length);
        var page = _pages[pageIndex];
        if (page is null)
        {
            // Grown as used: a page is allocated the first time the ring reaches it, then reused forever.
            page = new byte[PageSize];
            Volatile.Write(ref _pages[pageIndex], page);
        }

        message.CopyTo(page.AsSpan((int)(start & (PageSize - 1)), length));
        ref var entry = ref Slot(tail);
        entry.Seq = seq;
        entry.Start = start;
        entry.Length = length;
        _c.WritePos = end;
        _c.LastSeq = seq;
        Volatile.Write(ref _c.Tail, tail + 1);
        return true;
    }

    // Raises the head past at least one batch of the oldest entries and past every entry whose bytes the next
    // frame overwrites, then fences: readers see the new head before any overwritten slot or byte.
    private void Evict(long tail, long end)
    {
        var head = _c.Head;
        var target = Math.Min(tail, head + Math.Min(EvictBatch, Math.Max(1, _capacity / 16)));
        while (head < target || (head < tail && (tail - head >= _capacity || EntryAt(head).Start < end - _dataCapacity)))
        {
            head++;
        }

        Volatile.Write(ref _c.Head, head);
        Interlocked.MemoryBarrier();
    }

    private ref WindowEntry Slot(long index)
    {
        var slot = index & _mask;
        var chunkIndex = (int)(slot >> EntryChunkBits);
        var chunk = _chunks[chunkIndex];
        if (chunk is null)
        {
            chunk = new WindowEntry[EntryChunk];
            Volatile.Write(ref _chunks[chunkIndex], chunk);
        }

        return ref chunk[(int)(slot & (EntryChunk - 1))];
    }

    private WindowEntry EntryAt(long index) => Volatile.Read(ref _chunks[(int)((index & _mask) >> EntryChunkBits)])![(int)(index & _mask & (EntryChunk - 1))];

    /// <summary>A consistent view of what is held: the session and the index range, or false while it changes.</summary>
    /// <param name="session">The session.</param>
    /// <param name="head">The first index held.</param>
    /// <param name="tail">One past the last.</param>
    /// <returns>True when the view was read without a session change in between.</returns>
    public bool TryView(out ulong session, out long head, out long tail)
    {
        var generation = Volatile.Read(ref _c.Generation);
        session = Volatile.Read(ref _c.Session);
        tail = Volatile.Read(ref _c.Tail);
        head = Volatile.Read(ref _c.Head);
        Interlocked.MemoryBarrier();
        return generation == Volatile.Read(ref _c.Generation) && session == Volatile.Read(ref _c.Session);
    }

    /// <summary>Reads the streamSeq of an entry; false when it was evicted meanwhile.</summary>
    /// <param name="index">The entry's index.</param>
    /// <param name="seq">Its streamSeq.</param>
    /// <returns>True when valid.</returns>
    public bool TrySeq(long index, out ulong seq)
    {
        seq = EntryAt(index).Seq;
        Interlocked.MemoryBarrier();
        return index >= Volatile.Read(ref _c.Head);
    }

    /// <summary>
    /// Copies an entry's message when <paramref name="accept"/> takes it; false when the entry was evicted while read.
    /// </summary>
    /// <param name="index">The entry's index, at or above the head and below the tail of a view.</param>
    /// <param name="seq">Its streamSeq.</param>
    /// <param name="accept">Looks at the message in place (it may be torn: the result counts only when this returns true).</param>
    /// <param name="copy">The copy, or null when not accepted.</param>
    /// <returns>True when what was read is valid.</returns>
    public bool TryCopy(long index, out ulong seq, Func<ReadOnlySpan<byte>, bool> accept, out byte[]? copy)
    {
        var entry = EntryAt(index);
        seq = entry.Seq;
        copy = null;
        var page = Volatile.Read(ref _pages[(int)((entry.Start / PageSize) % _pages.Length)]);
        if (page is not null && entry.Length is > 0 and <= PageSize)
        {
            var offset = (int)(entry.Start & (PageSize - 1));
            if (offset + entry.Length <= PageSize)
            {
                var message = page.AsSpan(offset, entry.Length);
                if (accept(message))
                {
                    copy = message.ToArray();
                }
            }
        }

        Interlocked.MemoryBarrier();
        return index >= Volatile.Read(ref _c.Head);
    }

    /// <summary>The index of the first entry in [head, tail) with a streamSeq at or above <paramref name="seq"/>.</summary>
    /// <param name="head">The view's head.</param>
    /// <param name="tail">The view's tail.</param>
    /// <param name="seq">The streamSeq sought.</param>
    /// <param name="index">The index (tail when every entry is below).</param>
    /// <returns>False when the range was overwritten during the search.</returns>
    public bool TryFind(long head, long tail, ulong seq, out long index)
    {
        // The window is sparse (a gateway sees only subscribed topics), so the seq is searched for, not computed.
        long lo = head, hi = tail;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (EntryAt(mid).Seq < seq)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        index = lo;
        Interlocked.MemoryBarrier();
        return lo >= Volatile.Read(ref _c.Head);
    }

    // The writer's state; the fields readers load are published with Volatile writes. Padded so that the counters
    // of one stream's writer do not share a line with anything else.
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private struct Counters
    {
        [FieldOffset(64)] public long Head;
        [FieldOffset(72)] public long Tail;
        [FieldOffset(80)] public long WritePos;
        [FieldOffset(88)] public ulong LastSeq;
        [FieldOffset(96)] public ulong Session;
        [FieldOffset(104)] public long Generation;
        [FieldOffset(112)] public long Refused;
    }
}
