using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TickStream.Disruptor;

/// <summary>
/// A batch event processor whose producers run its handler on their own thread while its thread is parked: the
/// producer that publishes into an idle ring handles the event at once, with no wake-up, and the processor's thread
/// takes over again when it finds work on waking (its park timeout) or is busy already.
/// </summary>
/// <remarks>
/// <para>
/// Why: on a machine with fewer cores than busy threads, handing every event to a parked thread costs a futex
/// wake-up and a context switch (tens of microseconds on a virtual machine) and most of that thread's CPU. A producer
/// that finds the processor idle does the work itself, as Aeron's <c>AgentInvoker</c> runs an agent's duty cycle
/// on the caller's thread, and the processor's thread sleeps until its timeout. A stream busy enough that producers
/// run the handler a few hundred times in a row wakes the thread; awake, it spins and yields between batches holding
/// the handler, so under sustained load the ring splits the work between two threads as usual.
/// </para>
/// <para>
/// One thread at a time runs the handler, whoever holds the token: <c>Owned</c> (the processor's thread),
/// <c>Open</c> (parked, free for a producer to take), <c>Helping</c> (a producer has it) or <c>Closed</c> (not
/// running). Every change of hands is an <see cref="Interlocked"/> operation, a full fence, so the handler's state
/// (a socket, say) moves between threads safely, as ZeroMQ requires of a socket that changes threads.
/// </para>
/// <para>
/// No event is left behind while the token is open: a producer publishes (a release store of the cursor) and then
/// tries <see cref="Interlocked.CompareExchange(ref long, long, long)"/> on the token; whoever gives the token back
/// does so with <see cref="Interlocked.Exchange(ref long, long)"/> and then reads the cursor again. Locked operations
/// on one location are totally ordered and each drains its thread's store buffer, so either the producer's attempt
/// comes first, fails, and its published event is seen by the re-read, or it comes after and takes the token.
/// </para>
/// </remarks>
/// <typeparam name="T">The slot type.</typeparam>
/// <typeparam name="THandler">The handler, a struct.</typeparam>
public sealed class CallerRunsEventProcessor<T, THandler> : IEventProcessor
    where T : struct
    where THandler : struct, IEventHandler<T>
{
    private const long Owned = 0;
    private const long Open = 1;
    private const long Helping = 2;
    private const long Closed = 3;

    private const int Idle = 0;
    private const int Running = 1;
    private const int Halting = 2;

    // Same as the blocking wait strategy: a few yields hand the core to the producer; past them it is not coming
    // soon, and parking open lets it run the handler itself (docs/RING.md).
    private const int SpinTries = 64;
    private const int YieldTries = 4;

    /// <summary>
    /// How many times producers run the handler, by default, before they wake the processor's thread: a stream that
    /// busy pays for a thread of its own, which keeps the handler while it finds work, so the ring splits the work
    /// between two threads again. At 500k events/s in bursts it took the feed handler's p50 from 1.3-1.6x to about
    /// 1.0x raw NetMQ; at 10k it is one wake-up every 25 ms (docs/RING.md, "Caller runs").
    /// </summary>
    public const int DefaultCallerRunsBeforeWake = 256;

    private readonly RingBuffer<T> _ring;
    private readonly SequenceBarrier _barrier;
    private readonly HandlerExceptionGuard _guard;
    private readonly WaitStrategy _waitStrategy;
    private readonly bool _signalAfterBatch;
    private readonly int _parkMilliseconds;
    private readonly int _callerRunsBeforeWake;
    private readonly object _parkLock = new();
    private PaddedLong _token;
    private THandler _handler;
    private int _state;
    private int _wakeRequested;
    private long _callerRuns;
    private int _callerRunsSinceWake;

    /// <summary>Creates a processor; run it with <see cref="Run"/> on a dedicated thread, add it to a pipeline with
    /// <see cref="RingPipeline{T}.HandleEventsWith(IEventProcessor)"/>, and call <see cref="TryRunOnCaller"/> after
    /// each publish.</summary>
    /// <param name="ring">The ring to read.</param>
    /// <param name="barrier">What to wait on, from <see cref="RingBuffer{T}.NewBarrier"/> of the same ring.</param>
    /// <param name="handler">The handler; the processor keeps its own copy.</param>
    /// <param name="parkTimeout">How long the thread stays parked with nothing to do before it wakes and calls
    /// <see cref="IEventHandler{T}.OnTimeout"/>; <see cref="Timeout.InfiniteTimeSpan"/> never wakes it for that.</param>
    /// <param name="exceptionHandler">Where handler exceptions go; standard error when null.</param>
    /// <param name="callerRunsBeforeWake">Runs by producers, since the thread last woke, after which a producer wakes
    /// it (<see cref="DefaultCallerRunsBeforeWake"/>); <see cref="int.MaxValue"/> leaves the work to producers for
    /// as long as they publish.</param>
    public CallerRunsEventProcessor(RingBuffer<T> ring, SequenceBarrier barrier, THandler handler, TimeSpan parkTimeout,
        IExceptionHandler? exceptionHandler = null, int callerRunsBeforeWake = DefaultCallerRunsBeforeWake)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(callerRunsBeforeWake, 1);
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(barrier);
        if (parkTimeout != Timeout.InfiniteTimeSpan && (parkTimeout <= TimeSpan.Zero || parkTimeout.TotalMilliseconds > int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(parkTimeout), parkTimeout, "A park timeout is positive, or infinite.");
        }

        _ring = ring;
        _barrier = barrier;
        _handler = handler;
        _parkMilliseconds = parkTimeout == Timeout.InfiniteTimeSpan ? Timeout.Infinite : Math.Max(1, (int)parkTimeout.TotalMilliseconds);
        _waitStrategy = ring.WaitStrategy;
        _signalAfterBatch = _waitStrategy.SignalsOnPublish;
        _callerRunsBeforeWake = callerRunsBeforeWake;
        _token.Value = Closed;
        Name = typeof(THandler).Name;
        _guard = new HandlerExceptionGuard(exceptionHandler, Name);
    }

    /// <inheritdoc />
    public Sequence Sequence { get; } = new();

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool IsRunning => Volatile.Read(ref _state) == Running;

    /// <inheritdoc />
    public long ExceptionCount => _guard.Count;

    /// <summary>How many times a producer ran the handler (each run handles every event available then).</summary>
    public long CallerRuns => Volatile.Read(ref _callerRuns);

    /// <summary>The processor's copy of the handler. Only read it while the processor is not running: during a run
    /// it belongs to whichever thread holds the token.</summary>
    [SuppressMessage("Design", "CA1045:Do not pass types by reference", Justification = "Handlers are mutable structs; a copy would show stale state.")]
    public ref THandler Handler => ref _handler;

    /// <summary>
    /// Runs the handler over every event published so far on the calling thread, if the processor's thread is
    /// parked and no other producer is doing it; call right after publishing. Never waits: it returns at once when
    /// the handler is busy elsewhere, and whoever has it sees the event.
    /// </summary>
    /// <returns>Whether this call ran the handler.</returns>
    public bool TryRunOnCaller()
    {
        // The attempt itself is the fence that orders this producer's publish before the token read (remarks).
        if (Interlocked.CompareExchange(ref _token.Value, Helping, Open) != Open)
        {
            return false;
        }

        Volatile.Write(ref _callerRuns, _callerRuns + 1);
        bool wake = ++_callerRunsSinceWake == _callerRunsBeforeWake;
        while (true)
        {
            long next = Sequence.Value + 1;
            long available = _barrier.AvailableSequence(next);
            if (available >= next)
            {
                ProcessBatch(next, available);
            }

            Interlocked.Exchange(ref _token.Value, Open);
            if (wake)
            {
                wake = false;
                Wake();
            }

            // Another producer that published while this one ran saw Helping and left its event to this one.
            if (_barrier.AvailableSequence(Sequence.Value + 1) <= Sequence.Value
                || Interlocked.CompareExchange(ref _token.Value, Helping, Open) != Open)
            {
                return true;
            }
        }
    }

    /// <inheritdoc />
    public void Halt()
    {
        Interlocked.Exchange(ref _state, Halting);
        _barrier.Alert();
        Wake();
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The processor is already running.</exception>
    public void Run()
    {
        int previous = Interlocked.CompareExchange(ref _state, Running, Idle);
        if (previous == Running)
        {
            throw new InvalidOperationException($"Processor {Name} is already running.");
        }

        if (previous == Halting)
        {
            _barrier.ClearAlert();
            Volatile.Write(ref _state, Idle);
            return;
        }

        _barrier.ClearAlert();
        Interlocked.Exchange(ref _token.Value, Owned);
        _guard.OnStart<T, THandler>(ref _handler);

        ProcessEvents();

        _guard.OnShutdown<T, THandler>(ref _handler);

        Interlocked.Exchange(ref _token.Value, Closed);
        _barrier.ClearAlert();
        Volatile.Write(ref _state, Idle);
    }

    private void ProcessEvents()
    {
        long next = Sequence.Value + 1;
        while (Volatile.Read(ref _state) == Running)
        {
            long available = WaitHoldingToken(next);
            if (available >= next)
            {
                ProcessBatch(next, available);
                next = available + 1;
                continue;
            }

            if (Volatile.Read(ref _state) != Running)
            {
                return;
            }

            // Nothing came while spinning: open the token and park. A producer publishing from now on runs the
            // handler itself; one that published before the exchange is seen by the re-read below.
            Interlocked.Exchange(ref _token.Value, Open);
            bool timedOut = false;
            if (_barrier.AvailableSequence(next) < next)
            {
                timedOut = Park();
            }

            TakeTokenBack();
            _callerRunsSinceWake = 0;
            next = Sequence.Value + 1;
            if (timedOut && _barrier.AvailableSequence(next) < next)
            {
                _guard.OnTimeout<T, THandler>(ref _handler, next - 1);
            }
        }
    }

    // Spin, then yield a few times, holding the token: under load the next event is a microsecond away.
    private long WaitHoldingToken(long next)
    {
        long available = next - 1;
        for (int i = 0; i < SpinTries + YieldTries; i++)
        {
            if ((available = _barrier.AvailableSequence(next)) >= next || Volatile.Read(ref _state) != Running)
            {
                return available;
            }

            if (i >= SpinTries)
            {
                Thread.Yield();
            }
        }

        return available;
    }

    // Parks until the timeout or a halt; producers run the handler meanwhile. Returns whether it timed out.
    private bool Park()
    {
        lock (_parkLock)
        {
            if (Interlocked.Exchange(ref _wakeRequested, 0) != 0 || Volatile.Read(ref _state) != Running)
            {
                return false;
            }

            return !Monitor.Wait(_parkLock, _parkMilliseconds);
        }
    }

    private void Wake()
    {
        lock (_parkLock)
        {
            Volatile.Write(ref _wakeRequested, 1);
            Monitor.PulseAll(_parkLock);
        }
    }

    // A producer holds the token for one run over what was published: a short wait.
    private void TakeTokenBack()
    {
        var spinner = default(SpinWait);
        while (Interlocked.CompareExchange(ref _token.Value, Owned, Open) != Open)
        {
            spinner.SpinOnce();
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A throwing handler is logged and counted; the pipeline must go on.")]
    private void ProcessBatch(long next, long available)
    {
        ref T slots = ref MemoryMarshal.GetArrayDataReference(_ring.Entries);
        long mask = _ring.IndexMask;
        nint padding = _ring.SlotPadding;
        _guard.OnBatchStart<T, THandler>(ref _handler, available - next + 1);
        while (next <= available)
        {
            try
            {
                while (next <= available)
                {
                    _handler.OnEvent(ref Unsafe.Add(ref slots, (nint)(next & mask) + padding), next, next == available);
                    next++;
                }
            }
            catch (Exception ex)
            {
                // Skip the event that threw, as the batch processor does, and go on with the batch.
                _guard.ReportEvent(ex, next);
                next++;
            }
        }

        Sequence.SetValue(available);
        if (_signalAfterBatch)
        {
            _waitStrategy.SignalAllWhenBlocking();
        }
    }
}
