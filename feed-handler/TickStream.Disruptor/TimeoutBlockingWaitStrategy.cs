namespace TickStream.Disruptor;

/// <summary>
/// <see cref="BlockingWaitStrategy"/> with a timeout: when nothing arrives for <see cref="Timeout"/> the processor
/// calls <see cref="IEventHandler{T}.OnTimeout"/> and waits again, so a handler can send heartbeats on an idle
/// stream without a timer thread.
/// </summary>
public sealed class TimeoutBlockingWaitStrategy : WaitStrategy
{
    private readonly MonitorGate _gate = new();
    private readonly int _timeoutMilliseconds;

    /// <summary>Creates the strategy.</summary>
    /// <param name="timeout">How long a processor waits with nothing new before its handler's
    /// <see cref="IEventHandler{T}.OnTimeout"/> runs; 1 ms to one day, millisecond resolution.</param>
    public TimeoutBlockingWaitStrategy(TimeSpan timeout)
        : base(signalsOnPublish: true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timeout, TimeSpan.FromDays(1));
        Timeout = timeout;
        _timeoutMilliseconds = (int)timeout.TotalMilliseconds;
    }

    /// <summary>The idle time after which <see cref="IEventHandler{T}.OnTimeout"/> runs.</summary>
    public TimeSpan Timeout { get; }

    /// <inheritdoc />
    internal override long WaitFor(long sequence, SequenceBarrier barrier) =>
        _gate.WaitFor(sequence, barrier, _timeoutMilliseconds);

    /// <inheritdoc />
    internal override void SignalAllWhenBlocking() => _gate.Signal();
}
