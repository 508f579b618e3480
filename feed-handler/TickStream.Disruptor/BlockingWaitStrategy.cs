namespace TickStream.Disruptor;

/// <summary>
/// Spins and yields briefly, then parks the processor thread on a lock and <see cref="Monitor"/> until a publish
/// or an upstream processor signals it. Costs no CPU when idle and leaves the cores to the producer under load.
/// A publish adds one read of a flag; it takes the lock and pulses only when a processor asked for a wake-up.
/// The default strategy (docs/RING.md explains the choice from measurements on two cores).
/// </summary>
/// <remarks>See <c>MonitorGate</c> for why a wake-up is never lost.</remarks>
public sealed class BlockingWaitStrategy : WaitStrategy
{
    private readonly MonitorGate _gate = new();

    /// <summary>Creates the strategy.</summary>
    public BlockingWaitStrategy()
        : base(signalsOnPublish: true)
    {
    }

    /// <inheritdoc />
    internal override long WaitFor(long sequence, SequenceBarrier barrier) =>
        _gate.WaitFor(sequence, barrier, Timeout.Infinite);

    /// <inheritdoc />
    internal override void SignalAllWhenBlocking() => _gate.Signal();
}
