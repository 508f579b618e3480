using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TickStream.Disruptor;

/// <summary>
/// A pre-allocated ring of <typeparamref name="T"/> slots (a power of two of them), written and read in place by
/// reference. A producer claims a sequence (<see cref="TryClaim(out long)"/> or <see cref="Next()"/>), writes
/// the slot through <see cref="this[long]"/>, then <see cref="Publish(long)"/>es it; event processors read the slot
/// through the same indexer once their barrier says it is available. Nothing is allocated per event.
/// </summary>
/// <remarks>
/// Ordering: slot writes are plain stores; <see cref="Publish(long)"/> is a release store (the cursor for a single
/// producer, the slot's availability flag for several) that pairs with the acquire reads in the consumers'
/// <see cref="SequenceBarrier"/>. A consumer's release store of its own <see cref="Sequence"/> after reading a slot
/// pairs with the producer's acquire read of the gating sequences before it reuses that slot.
/// </remarks>
/// <typeparam name="T">The slot type: a struct, typically with an inline buffer for one frame plus metadata.</typeparam>
public sealed class RingBuffer<T>
    where T : struct
{
    private readonly T[] _entries;
    private readonly long _indexMask;
    private readonly int _slotPadding;
    private readonly SingleProducerSequencer? _single;
    private readonly MultiProducerSequencer? _multi;
    private PaddedLong _dropped;

    /// <summary>Creates the ring and every slot in it (default values).</summary>
    /// <param name="bufferSize">Number of slots, a power of two of at least 2.</param>
    /// <param name="producerType">One publishing thread or several.</param>
    /// <param name="waitStrategy">How processors wait; <see cref="BlockingWaitStrategy"/> when null.</param>
    /// <param name="fullRingPolicy">What <see cref="TryClaim(out long)"/> does on a full ring.</param>
    public RingBuffer(int bufferSize, ProducerType producerType = ProducerType.Single, WaitStrategy? waitStrategy = null,
        FullRingPolicy fullRingPolicy = FullRingPolicy.Block)
    {
        if (bufferSize < 2 || !BitOperations.IsPow2(bufferSize))
        {
            throw new ArgumentOutOfRangeException(nameof(bufferSize), bufferSize, "The ring size must be a power of two of at least 2.");
        }

        if (!Enum.IsDefined(producerType))
        {
            throw new ArgumentOutOfRangeException(nameof(producerType), producerType, "Unknown producer type.");
        }

        if (!Enum.IsDefined(fullRingPolicy))
        {
            throw new ArgumentOutOfRangeException(nameof(fullRingPolicy), fullRingPolicy, "Unknown full-ring policy.");
        }

        BufferSize = bufferSize;
        ProducerType = producerType;
        FullRingPolicy = fullRingPolicy;
        WaitStrategy = waitStrategy ?? new BlockingWaitStrategy();
        _indexMask = bufferSize - 1;

        // Spare slots at both ends keep the first and last slots off cache lines shared with other objects.
        int slotSize = Math.Max(1, Unsafe.SizeOf<T>());
        _slotPadding = (128 + slotSize - 1) / slotSize;
        _entries = new T[bufferSize + (2 * _slotPadding)];

        if (producerType == ProducerType.Single)
        {
            _single = new SingleProducerSequencer(bufferSize, WaitStrategy);
        }
        else
        {
            _multi = new MultiProducerSequencer(bufferSize, WaitStrategy);
        }
    }

    /// <summary>Number of slots.</summary>
    public int BufferSize { get; }

    /// <summary>One producer thread or several.</summary>
    public ProducerType ProducerType { get; }

    /// <summary>What <see cref="TryClaim(out long)"/> does when the ring is full.</summary>
    public FullRingPolicy FullRingPolicy { get; }

    /// <summary>How processors of this ring wait.</summary>
    public WaitStrategy WaitStrategy { get; }

    /// <summary>Claims refused by <see cref="TryClaim(out long)"/> under <see cref="FullRingPolicy.Drop"/> (one
    /// per call, whatever the batch size); read from any thread.</summary>
    public long DroppedCount => Volatile.Read(ref _dropped.Value);

    /// <summary>The highest published sequence (single producer) or the highest claimed one (several
    /// producers); -1 before the first.</summary>
    public long Cursor => CursorSequence.Value;

    /// <summary>Free slots as seen now.</summary>
    public long RemainingCapacity => _single is not null ? _single.RemainingCapacity() : _multi!.RemainingCapacity();

    /// <summary>The slot array, its index mask and leading padding, for processors to index without reloading
    /// the ring's fields for every event.</summary>
    internal T[] Entries => _entries;

    internal long IndexMask => _indexMask;

    internal int SlotPadding => _slotPadding;

    internal Sequence CursorSequence => _single is not null ? _single.Cursor : _multi!.Cursor;

    /// <summary>The slot for <paramref name="sequence"/>, by reference, with no copy and no bounds check (the
    /// index is masked into the ring).</summary>
    /// <param name="sequence">A sequence the caller has claimed, or one its barrier made available.</param>
    public ref T this[long sequence]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_entries), (nint)((sequence & _indexMask) + _slotPadding));
    }

    /// <summary>Claims the next sequence, waiting while the ring is full (back-pressure, whatever the policy).</summary>
    /// <returns>The claimed sequence; write its slot, then <see cref="Publish(long)"/> it.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Next() => _single is not null ? _single.Next(1) : _multi!.Next(1);

    /// <summary>Claims <paramref name="n"/> consecutive sequences, waiting while the ring is full.</summary>
    /// <param name="n">How many, 1 to <see cref="BufferSize"/>.</param>
    /// <returns>The highest claimed sequence; the batch is [result - n + 1, result].</returns>
    public long Next(int n)
    {
        CheckBatchSize(n);
        return _single is not null ? _single.Next(n) : _multi!.Next(n);
    }

    /// <summary>Claims the next sequence if a slot is free now; never waits, never counts a drop.</summary>
    /// <param name="sequence">The claimed sequence when the result is true.</param>
    /// <returns>Whether a sequence was claimed.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryNext(out long sequence) =>
        _single is not null ? _single.TryNext(1, out sequence) : _multi!.TryNext(1, out sequence);

    /// <summary>Claims <paramref name="n"/> consecutive sequences if they are free now; never waits.</summary>
    /// <param name="n">How many, 1 to <see cref="BufferSize"/>.</param>
    /// <param name="highest">The highest claimed sequence when the result is true.</param>
    /// <returns>Whether the sequences were claimed.</returns>
    public bool TryNext(int n, out long highest)
    {
        CheckBatchSize(n);
        return _single is not null ? _single.TryNext(n, out highest) : _multi!.TryNext(n, out highest);
    }

    /// <summary>Claims the next sequence following <see cref="FullRingPolicy"/>: under
    /// <see cref="FullRingPolicy.Block"/> waits for a free slot and returns true; under
    /// <see cref="FullRingPolicy.Drop"/> returns false at once on a full ring and counts the drop.</summary>
    /// <param name="sequence">The claimed sequence when the result is true.</param>
    /// <returns>Whether a sequence was claimed; when false the event must not be written or published.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryClaim(out long sequence)
    {
        if (FullRingPolicy == FullRingPolicy.Block)
        {
            sequence = Next();
            return true;
        }

        if (TryNext(out sequence))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped.Value);
        return false;
    }

    /// <summary>Claims <paramref name="n"/> consecutive sequences following <see cref="FullRingPolicy"/>; a
    /// refused batch counts as one drop.</summary>
    /// <param name="n">How many, 1 to <see cref="BufferSize"/>.</param>
    /// <param name="highest">The highest claimed sequence when the result is true.</param>
    /// <returns>Whether the sequences were claimed.</returns>
    public bool TryClaim(int n, out long highest)
    {
        if (FullRingPolicy == FullRingPolicy.Block)
        {
            highest = Next(n);
            return true;
        }

        if (TryNext(n, out highest))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped.Value);
        return false;
    }

    /// <summary>Publishes a claimed sequence after its slot has been written.</summary>
    /// <remarks>Release store (see the type remarks). With a blocking wait strategy also a read of its
    /// signal flag, and a lock and pulse only when a parked processor asked for one (no fence: the parking side
    /// pays a process-wide barrier instead, see the blocking strategy).</remarks>
    /// <param name="sequence">The sequence to publish.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish(long sequence)
    {
        if (_single is not null)
        {
            _single.Publish(sequence);
        }
        else
        {
            _multi!.Publish(sequence);
        }
    }

    /// <summary>Publishes the claimed range [<paramref name="lo"/>, <paramref name="hi"/>] after its slots have
    /// been written; consumers may see it as one batch.</summary>
    /// <param name="lo">The lowest sequence of the range.</param>
    /// <param name="hi">The highest sequence of the range.</param>
    public void Publish(long lo, long hi)
    {
        if (_single is not null)
        {
            _single.Publish(hi);
        }
        else
        {
            _multi!.Publish(lo, hi);
        }
    }

    /// <summary>Creates the barrier a processor waits on: the cursor when <paramref name="dependencies"/> is empty,
    /// otherwise the slowest of those processor sequences.</summary>
    /// <param name="dependencies">Sequences of the upstream processors, if any.</param>
    /// <returns>A new barrier.</returns>
    public SequenceBarrier NewBarrier(params Sequence[] dependencies)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        return new SequenceBarrier(WaitStrategy, CursorSequence, (Sequence[])dependencies.Clone(), _multi);
    }

    /// <summary>Sets the sequences the producer must never overtake by a whole ring: those of the processors at
    /// the end of the graph. Call once before publishing starts.</summary>
    /// <param name="sequences">The end-of-graph processor sequences.</param>
    public void SetGatingSequences(params Sequence[] sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var copy = (Sequence[])sequences.Clone();
        if (_single is not null)
        {
            _single.SetGatingSequences(copy);
        }
        else
        {
            _multi!.SetGatingSequences(copy);
        }
    }

    private void CheckBatchSize(int n)
    {
        if (n < 1 || n > BufferSize)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "A batch claims 1 to BufferSize slots.");
        }
    }
}
