namespace TickStream.Disruptor;

/// <summary>
/// The park/wake core of the blocking wait strategies: waiters sleep in <see cref="Monitor.Wait(object, int)"/> and
/// a signaller takes the lock and pulses only when a waiter has asked for it since the last pulse.
/// </summary>
/// <remarks>
/// Lost wake-ups are excluded by an asymmetric Dekker pair, so that the hot side (every publish) pays no fence.
/// Slow side, before each park, holding the lock: set <c>_signalNeeded</c> with
/// <see cref="Interlocked.Exchange(ref int, int)"/>, then <see cref="Interlocked.MemoryBarrierProcessWide"/>
/// (every core of the process runs a full barrier, draining its store buffer), then re-read the dependency
/// sequence. Hot side: release-store the sequence (<see cref="Sequence.SetValue"/>), then
/// <c>Volatile.Read</c> of <c>_signalNeeded</c>. If the signaller's read came before the
/// process-wide barrier, that barrier also made its earlier sequence store visible, so the waiter's re-read sees
/// it and does not park; if the read came after, it sees the flag, clears it and pulses under the lock, which it
/// can only take once the waiter is inside <see cref="Monitor.Wait(object, int)"/> (the flag is set with the lock
/// held). The hot side relies on the JIT keeping a volatile store before a later volatile load in program order
/// (RyuJIT does not move volatile accesses; on Arm64 <c>stlr</c> then <c>ldar</c> are also ordered in hardware).
/// Clearing the flag on the first pulse keeps a producer that publishes while a processor is still waking from
/// taking the lock for every event. The process-wide barrier costs microseconds, paid once per park, when the
/// waiting thread has nothing better to do.
/// </remarks>
internal sealed class MonitorGate
{
    private const int SpinTries = 64;

    // Each yield that hands the core over is a context switch (microseconds on a virtual machine); past a few the
    // producer is not coming soon and parking is cheaper. 16 cost the feed handler's publisher half as much CPU
    // again at 10k ticks/s as 4, with the ring's own throughput unchanged (docs/LOAD.md).
    private const int YieldTries = 4;

    private readonly object _lock = new();
    private int _signalNeeded;

    /// <summary>Waits for the barrier's dependencies to reach <paramref name="sequence"/>, at most
    /// <paramref name="timeoutMilliseconds"/> (<see cref="Timeout.Infinite"/> for no limit).</summary>
    internal long WaitFor(long sequence, SequenceBarrier barrier, int timeoutMilliseconds)
    {
        long available;

        // Spin, then yield a few times before parking: under load the next event is usually less than a
        // microsecond away and a park/wake round trip (two futex calls) costs several. Yielding also hands the
        // core to the producer when both share it (two cores, four threads).
        for (int i = 0; i < SpinTries + YieldTries; i++)
        {
            if ((available = barrier.DependencySequence) >= sequence)
            {
                return available;
            }

            if (barrier.IsAlerted)
            {
                return WaitStrategy.Alerted;
            }

            if (i >= SpinTries)
            {
                Thread.Yield();
            }
        }

        long deadline = timeoutMilliseconds == Timeout.Infinite ? long.MaxValue : Environment.TickCount64 + timeoutMilliseconds;
        lock (_lock)
        {
            while (true)
            {
                Interlocked.Exchange(ref _signalNeeded, 1);
                Interlocked.MemoryBarrierProcessWide();
                if ((available = barrier.DependencySequence) >= sequence)
                {
                    return available;
                }

                if (barrier.IsAlerted)
                {
                    return WaitStrategy.Alerted;
                }

                int wait = Timeout.Infinite;
                if (deadline != long.MaxValue)
                {
                    long remaining = deadline - Environment.TickCount64;
                    if (remaining <= 0)
                    {
                        return WaitStrategy.TimedOut;
                    }

                    wait = (int)remaining;
                }

                Monitor.Wait(_lock, wait);

                // Woken (or timed out): look first, and pay for the barrier again only if parking again.
                if ((available = barrier.DependencySequence) >= sequence)
                {
                    return available;
                }
            }
        }
    }

    /// <summary>Wakes every parked waiter if one asked for it; called after a sequence advanced.</summary>
    internal void Signal()
    {
        if (Volatile.Read(ref _signalNeeded) != 0 && Interlocked.Exchange(ref _signalNeeded, 0) != 0)
        {
            lock (_lock)
            {
                Monitor.PulseAll(_lock);
            }
        }
    }
}
