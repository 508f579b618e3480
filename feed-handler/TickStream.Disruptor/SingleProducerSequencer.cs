using System.Runtime.CompilerServices;

namespace TickStream.Disruptor;

/// <summary>
/// Claims and publishes sequences for exactly one producer thread: claims are plain arithmetic on fields only that
/// thread touches; the only shared write is the release store of the cursor in <see cref="Publish(long)"/>.
/// </summary>
/// <remarks>
/// Calling <see cref="Next"/> or <see cref="TryNext"/> from two threads at once corrupts the ring: use
/// <see cref="MultiProducerSequencer"/> for fan-in.
/// </remarks>
internal sealed class SingleProducerSequencer
{
    private readonly int _bufferSize;
    private readonly WaitStrategy _waitStrategy;
    private readonly bool _signalOnPublish;
    private Sequence[] _gatingSequences = [];

    // Producer-thread-only state, padded so the producer's writes never invalidate a line the consumers read.
    private PaddedLong _nextValue;
    private PaddedLong _cachedGatingValue;

    internal SingleProducerSequencer(int bufferSize, WaitStrategy waitStrategy)
    {
        _bufferSize = bufferSize;
        _waitStrategy = waitStrategy;
        _signalOnPublish = waitStrategy.SignalsOnPublish;
        _nextValue.Value = Sequence.InitialValue;
        _cachedGatingValue.Value = Sequence.InitialValue;
    }

    /// <summary>The highest published sequence; consumers wait on it.</summary>
    internal Sequence Cursor { get; } = new();

    /// <summary>Sets the sequences of the last consumers of the graph; set before the producer starts.</summary>
    /// <remarks>Volatile write so a producer thread started later observes the whole array.</remarks>
    internal void SetGatingSequences(Sequence[] sequences) => Volatile.Write(ref _gatingSequences, sequences);

    /// <summary>Claims <paramref name="n"/> sequences, waiting while the ring is full.</summary>
    /// <remarks>The gating sequences are acquire reads (<see cref="Sequence.Value"/>) pairing with each consumer's
    /// release store after it has finished with its slots, so the producer never overwrites a slot still read.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal long Next(int n)
    {
        long current = _nextValue.Value;
        long next = current + n;
        long wrapPoint = next - _bufferSize;
        if (wrapPoint > _cachedGatingValue.Value)
        {
            WaitForCapacity(wrapPoint, current);
        }

        _nextValue.Value = next;
        return next;
    }

    /// <summary>Claims <paramref name="n"/> sequences if they are free now; never waits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryNext(int n, out long highest)
    {
        long current = _nextValue.Value;
        long next = current + n;
        long wrapPoint = next - _bufferSize;
        if (wrapPoint > _cachedGatingValue.Value)
        {
            long minimum = Sequence.Minimum(Volatile.Read(ref _gatingSequences), current);
            _cachedGatingValue.Value = minimum;
            if (wrapPoint > minimum)
            {
                highest = current;
                return false;
            }
        }

        _nextValue.Value = next;
        highest = next;
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitForCapacity(long wrapPoint, long current)
    {
        // Back-pressure off the fast path. SpinWait spins a few times, then yields, and sleeps 1 ms every so
        // often: a waiting producer never holds the core a consumer needs, and while it sleeps the consumers
        // drain the ring in a few large batches without fighting the producer for the same cache lines. Measured
        // in RingPerf on two cores, this beat a yield-only backoff by about 2-3x in throughput (docs/RING.md).
        var spinner = default(SpinWait);
        long minimum;
        while (wrapPoint > (minimum = Sequence.Minimum(Volatile.Read(ref _gatingSequences), current)))
        {
            spinner.SpinOnce();
        }

        _cachedGatingValue.Value = minimum;
    }

    /// <summary>Publishes <paramref name="sequence"/> and every sequence before it.</summary>
    /// <remarks>Release store of the cursor after the slot writes; pairs with the consumers' acquire read of the
    /// cursor in <see cref="SequenceBarrier"/>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Publish(long sequence)
    {
        Cursor.SetValue(sequence);
        if (_signalOnPublish)
        {
            _waitStrategy.SignalAllWhenBlocking();
        }
    }

    /// <summary>A sequence up to the cursor is always published for a single producer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long GetHighestPublishedSequence(long lowerBound, long availableSequence) => availableSequence;

    /// <summary>Free slots right now, as seen from the producer.</summary>
    internal long RemainingCapacity()
    {
        long produced = Volatile.Read(ref _nextValue.Value);
        long consumed = Sequence.Minimum(Volatile.Read(ref _gatingSequences), produced);
        return _bufferSize - (produced - consumed);
    }
}
