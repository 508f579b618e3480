using System.Numerics;
using System.Runtime.CompilerServices;

namespace TickStream.Disruptor;

/// <summary>
/// Claims and publishes sequences for any number of producer threads. The cursor is the highest <em>claimed</em>
/// sequence (advanced by compare-and-swap); publication is per slot in an availability buffer that stores the
/// ring lap of the sequence last published in that slot, as in the LMAX Disruptor.
/// </summary>
internal sealed class MultiProducerSequencer
{
    private readonly int _bufferSize;
    private readonly int _indexMask;
    private readonly int _indexShift;
    private readonly int[] _availableBuffer;
    private readonly WaitStrategy _waitStrategy;
    private readonly bool _signalOnPublish;
    private readonly Sequence _gatingSequenceCache = new();
    private Sequence[] _gatingSequences = [];

    internal MultiProducerSequencer(int bufferSize, WaitStrategy waitStrategy)
    {
        _bufferSize = bufferSize;
        _indexMask = bufferSize - 1;
        _indexShift = BitOperations.Log2((uint)bufferSize);
        _availableBuffer = new int[bufferSize];
        _availableBuffer.AsSpan().Fill(-1);
        _waitStrategy = waitStrategy;
        _signalOnPublish = waitStrategy.SignalsOnPublish;
    }

    /// <summary>The highest claimed sequence; consumers wait on it, then check availability per slot.</summary>
    internal Sequence Cursor { get; } = new();

    /// <summary>Sets the sequences of the last consumers of the graph; set before the producers start.</summary>
    internal void SetGatingSequences(Sequence[] sequences) => Volatile.Write(ref _gatingSequences, sequences);

    /// <summary>Claims <paramref name="n"/> sequences, waiting while the ring is full.</summary>
    /// <remarks>The compare-and-swap on the cursor is a full fence and makes each claim unique across producers;
    /// the gating reads are acquire reads pairing with the consumers' release stores.</remarks>
    internal long Next(int n)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            long current = Cursor.Value;
            long next = current + n;
            long wrapPoint = next - _bufferSize;
            long cachedGating = _gatingSequenceCache.Value;
            if (wrapPoint > cachedGating || cachedGating > current)
            {
                long gating = Sequence.Minimum(Volatile.Read(ref _gatingSequences), current);
                if (wrapPoint > gating)
                {
                    spinner.SpinOnce();
                    continue;
                }

                _gatingSequenceCache.SetValue(gating);
            }
            else if (Cursor.CompareAndSet(current, next))
            {
                return next;
            }
        }
    }

    /// <summary>Claims <paramref name="n"/> sequences if they are free now; never waits for capacity (it only
    /// retries a compare-and-swap lost to another producer).</summary>
    internal bool TryNext(int n, out long highest)
    {
        while (true)
        {
            long current = Cursor.Value;
            long next = current + n;
            long wrapPoint = next - _bufferSize;
            long cachedGating = _gatingSequenceCache.Value;
            if (wrapPoint > cachedGating || cachedGating > current)
            {
                long gating = Sequence.Minimum(Volatile.Read(ref _gatingSequences), current);
                _gatingSequenceCache.SetValue(gating);
                if (wrapPoint > gating)
                {
                    highest = current;
                    return false;
                }
            }

            if (Cursor.CompareAndSet(current, next))
            {
                highest = next;
                return true;
            }
        }
    }

    /// <summary>Marks <paramref name="sequence"/> published.</summary>
    /// <remarks>Release store of the slot's lap number into the availability buffer after the slot writes; pairs
    /// with the acquire read in <see cref="IsAvailable"/>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Publish(long sequence)
    {
        SetAvailable(sequence);
        if (_signalOnPublish)
        {
            _waitStrategy.SignalAllWhenBlocking();
        }
    }

    /// <summary>Marks every sequence from <paramref name="lo"/> to <paramref name="hi"/> published.</summary>
    internal void Publish(long lo, long hi)
    {
        for (long sequence = lo; sequence <= hi; sequence++)
        {
            SetAvailable(sequence);
        }

        if (_signalOnPublish)
        {
            _waitStrategy.SignalAllWhenBlocking();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetAvailable(long sequence) =>
        Volatile.Write(ref _availableBuffer[(int)sequence & _indexMask], (int)(sequence >>> _indexShift));

    /// <summary>Whether <paramref name="sequence"/> has been published (acquire read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool IsAvailable(long sequence) =>
        Volatile.Read(ref _availableBuffer[(int)sequence & _indexMask]) == (int)(sequence >>> _indexShift);

    /// <summary>The highest sequence in [<paramref name="lowerBound"/>, <paramref name="availableSequence"/>]
    /// such that it and all before it are published; <paramref name="lowerBound"/> - 1 if none.</summary>
    internal long GetHighestPublishedSequence(long lowerBound, long availableSequence)
    {
        for (long sequence = lowerBound; sequence <= availableSequence; sequence++)
        {
            if (!IsAvailable(sequence))
            {
                return sequence - 1;
            }
        }

        return availableSequence;
    }

    /// <summary>Free slots right now.</summary>
    internal long RemainingCapacity()
    {
        long produced = Cursor.Value;
        long consumed = Sequence.Minimum(Volatile.Read(ref _gatingSequences), produced);
        return _bufferSize - (produced - consumed);
    }
}
