namespace TickStream.Disruptor;

/// <summary>
/// Spins on the dependency sequences without ever giving up the core: the lowest hand-off latency, at the price of
/// a whole core per processor even when idle. Only for machines with a core to spare for every processor thread
/// (never on two cores shared with a producer and other work).
/// </summary>
public sealed class BusySpinWaitStrategy : WaitStrategy
{
    /// <summary>Creates the strategy.</summary>
    public BusySpinWaitStrategy()
        : base(signalsOnPublish: false)
    {
    }

    /// <inheritdoc />
    internal override long WaitFor(long sequence, SequenceBarrier barrier)
    {
        long available;
        while ((available = barrier.DependencySequence) < sequence)
        {
            if (barrier.IsAlerted)
            {
                return Alerted;
            }
        }

        return available;
    }
}
