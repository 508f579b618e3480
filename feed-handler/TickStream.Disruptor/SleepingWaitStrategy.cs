namespace TickStream.Disruptor;

/// <summary>
/// Backs off in three steps: spins, then yields, then sleeps 1 ms between checks (after Agrona's backoff idle
/// strategy; .NET cannot sleep for less than a scheduler tick). Nearly free when idle, but the first event after
/// an idle spell waits for the sleep to end (about a millisecond on Linux).
/// </summary>
public sealed class SleepingWaitStrategy : WaitStrategy
{
    private const int SpinTries = 100;
    private const int YieldTries = 100;

    /// <summary>Creates the strategy.</summary>
    public SleepingWaitStrategy()
        : base(signalsOnPublish: false)
    {
    }

    /// <inheritdoc />
    internal override long WaitFor(long sequence, SequenceBarrier barrier)
    {
        int counter = SpinTries + YieldTries;
        long available;
        while ((available = barrier.DependencySequence) < sequence)
        {
            if (barrier.IsAlerted)
            {
                return Alerted;
            }

            if (counter > YieldTries)
            {
                counter--;
            }
            else if (counter > 0)
            {
                counter--;
                Thread.Yield();
            }
            else
            {
                Thread.Sleep(1);
            }
        }

        return available;
    }
}
