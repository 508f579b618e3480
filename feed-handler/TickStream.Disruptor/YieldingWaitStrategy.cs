namespace TickStream.Disruptor;

/// <summary>
/// Spins a short while, then calls <see cref="Thread.Yield"/> between checks: low latency, and a waiting processor
/// lets any other runnable thread on its core go first. It still shows as a busy core when the stream is idle.
/// </summary>
public sealed class YieldingWaitStrategy : WaitStrategy
{
    private const int SpinTries = 100;

    /// <summary>Creates the strategy.</summary>
    public YieldingWaitStrategy()
        : base(signalsOnPublish: false)
    {
    }

    /// <inheritdoc />
    internal override long WaitFor(long sequence, SequenceBarrier barrier)
    {
        int counter = SpinTries;
        long available;
        while ((available = barrier.DependencySequence) < sequence)
        {
            if (barrier.IsAlerted)
            {
                return Alerted;
            }

            if (counter > 0)
            {
                counter--;
            }
            else
            {
                Thread.Yield();
            }
        }

        return available;
    }
}
