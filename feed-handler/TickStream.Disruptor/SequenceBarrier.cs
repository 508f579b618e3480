using System.Runtime.CompilerServices;

namespace TickStream.Disruptor;

/// <summary>
/// What one event processor waits on: the producer cursor (first stage) or the sequences of the processors it
/// depends on (later stages), through the ring's <see cref="WaitStrategy"/>. Obtained from
/// <see cref="RingBuffer{T}.NewBarrier"/>; halting a processor alerts its barrier.
/// </summary>
public sealed class SequenceBarrier
{
    private readonly WaitStrategy _waitStrategy;
    private readonly Sequence _cursor;
    private readonly Sequence[] _dependencies;
    private readonly MultiProducerSequencer? _multiProducer;
    private volatile bool _alerted;

    internal SequenceBarrier(WaitStrategy waitStrategy, Sequence cursor, Sequence[] dependencies, MultiProducerSequencer? multiProducer)
    {
        _waitStrategy = waitStrategy;
        _cursor = cursor;
        _dependencies = dependencies;
        _multiProducer = multiProducer;
    }

    /// <summary>Whether <see cref="Alert"/> was called and not cleared since.</summary>
    public bool IsAlerted => _alerted;

    /// <summary>The lowest sequence the processor may read up to: the cursor, or the minimum of its
    /// dependencies (acquire reads; see <see cref="Sequence.Value"/>).</summary>
    /// <remarks>A downstream processor never depends on the cursor directly: its upstream processors only advance
    /// past slots they have read, which were published, so no availability check is needed for them.</remarks>
    internal long DependencySequence
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _dependencies.Length == 0 ? _cursor.Value : Sequence.Minimum(_dependencies, long.MaxValue);
    }

    /// <summary>The highest sequence from <paramref name="sequence"/> on that can be read now, without waiting:
    /// <paramref name="sequence"/> - 1 when it is not available yet.</summary>
    /// <remarks>Acquire reads, as in <see cref="WaitFor"/>; with several producers, cut back to the last contiguous
    /// published slot.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal long AvailableSequence(long sequence)
    {
        long available = DependencySequence;
        if (available < sequence || _multiProducer is null || _dependencies.Length != 0)
        {
            return available;
        }

        return _multiProducer.GetHighestPublishedSequence(sequence, available);
    }

    /// <summary>Wakes the processor waiting on this barrier so it can observe a halt.</summary>
    public void Alert()
    {
        _alerted = true;
        _waitStrategy.SignalAllWhenBlocking();
    }

    /// <summary>Clears a previous <see cref="Alert"/>.</summary>
    public void ClearAlert() => _alerted = false;

    /// <summary>Waits for <paramref name="sequence"/> and returns the highest sequence that can be read in one
    /// batch, or <see cref="WaitStrategy.Alerted"/> / <see cref="WaitStrategy.TimedOut"/>.</summary>
    /// <remarks>With several producers the cursor counts claims, not publishes: the result is cut back to the
    /// last contiguous published slot (acquire reads of the availability buffer), and if the very next slot is
    /// claimed but not yet published the barrier backs off and retries.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal long WaitFor(long sequence)
    {
        long available = _waitStrategy.WaitFor(sequence, this);
        if (available < sequence || _multiProducer is null || _dependencies.Length != 0)
        {
            return available;
        }

        return WaitForPublished(sequence, available);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long WaitForPublished(long sequence, long available)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            long published = _multiProducer!.GetHighestPublishedSequence(sequence, available);
            if (published >= sequence)
            {
                return published;
            }

            if (_alerted)
            {
                return WaitStrategy.Alerted;
            }

            spinner.SpinOnce();
        }
    }
}
