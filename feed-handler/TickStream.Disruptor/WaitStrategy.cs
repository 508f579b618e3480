namespace TickStream.Disruptor;

/// <summary>
/// How an event processor waits for the sequence it needs next (published by the producer, or processed by the
/// consumers it depends on). Pick one of <see cref="BusySpinWaitStrategy"/>, <see cref="YieldingWaitStrategy"/>,
/// <see cref="SleepingWaitStrategy"/>, <see cref="BlockingWaitStrategy"/> or
/// <see cref="TimeoutBlockingWaitStrategy"/>; docs/RING.md compares them measured on a two-core machine.
/// </summary>
/// <remarks>
/// A strategy only decides how to pass the time: every check of progress is an acquire read of a
/// <see cref="Sequence"/>, pairing with the release store of the producer's publish or an upstream processor's
/// sequence update, so a sequence seen as available always has its slot contents visible.
/// </remarks>
public abstract class WaitStrategy
{
    /// <summary>Returned by <see cref="WaitFor"/> when the barrier was alerted (the processor is halting).</summary>
    internal const long Alerted = long.MinValue;

    /// <summary>Returned by <see cref="WaitFor"/> when the strategy's timeout elapsed with nothing new.</summary>
    internal const long TimedOut = long.MinValue + 1;

    private protected WaitStrategy(bool signalsOnPublish)
    {
        SignalsOnPublish = signalsOnPublish;
    }

    /// <summary>Whether publishers and processors must call <see cref="SignalAllWhenBlocking"/> after they advance
    /// a sequence (only strategies that park threads need it; the others skip the call entirely).</summary>
    internal bool SignalsOnPublish { get; }

    /// <summary>Waits until the barrier's dependencies reach <paramref name="sequence"/>.</summary>
    /// <returns>The highest available dependency sequence (at least <paramref name="sequence"/>), or
    /// <see cref="Alerted"/>, or <see cref="TimedOut"/>.</returns>
    internal abstract long WaitFor(long sequence, SequenceBarrier barrier);

    /// <summary>Wakes parked waiters after a sequence advanced; a no-op for strategies that never park.</summary>
    internal virtual void SignalAllWhenBlocking()
    {
    }
}
