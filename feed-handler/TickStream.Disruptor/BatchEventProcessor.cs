using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TickStream.Disruptor;

/// <summary>
/// Runs a handler over a ring in batches: waits on its <see cref="SequenceBarrier"/> for the next sequence, then
/// hands every available event to the handler by reference and stores its own <see cref="Sequence"/> once per
/// batch.
/// </summary>
/// <remarks>
/// <typeparamref name="THandler"/> is a struct type parameter, so each handler call is a direct (inlinable) call.
/// Ordering: the barrier's acquire read makes the slots up to the returned sequence visible; the release store of
/// <see cref="Sequence"/> after the batch tells downstream processors and the producer that those slots are done
/// with (the producer may then overwrite them).
/// </remarks>
/// <typeparam name="T">The slot type.</typeparam>
/// <typeparam name="THandler">The handler, a struct.</typeparam>
public sealed class BatchEventProcessor<T, THandler> : IEventProcessor
    where T : struct
    where THandler : struct, IEventHandler<T>
{
    private const int Idle = 0;
    private const int Running = 1;
    private const int Halting = 2;

    private readonly RingBuffer<T> _ring;
    private readonly SequenceBarrier _barrier;
    private readonly HandlerExceptionGuard _guard;
    private readonly WaitStrategy _waitStrategy;
    private readonly bool _signalAfterBatch;
    private THandler _handler;
    private int _state;

    /// <summary>Creates a processor; run it with <see cref="Run"/> on a dedicated thread.</summary>
    /// <param name="ring">The ring to read.</param>
    /// <param name="barrier">What to wait on, from <see cref="RingBuffer{T}.NewBarrier"/> of the same ring.</param>
    /// <param name="handler">The handler; the processor keeps its own copy.</param>
    /// <param name="exceptionHandler">Where handler exceptions go; standard error when null.</param>
    public BatchEventProcessor(RingBuffer<T> ring, SequenceBarrier barrier, THandler handler, IExceptionHandler? exceptionHandler = null)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(barrier);
        _ring = ring;
        _barrier = barrier;
        _handler = handler;
        _waitStrategy = ring.WaitStrategy;
        _signalAfterBatch = _waitStrategy.SignalsOnPublish;
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

    /// <summary>The processor's copy of the handler. Only read it while the processor is not running (before
    /// <see cref="Run"/> or after it returned): during a run it belongs to the processor thread.</summary>
    [SuppressMessage("Design", "CA1045:Do not pass types by reference", Justification = "Handlers are mutable structs; a copy would show stale state.")]
    public ref THandler Handler => ref _handler;

    /// <inheritdoc />
    public void Halt()
    {
        Interlocked.Exchange(ref _state, Halting);
        _barrier.Alert();
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
            // Halted before it ever ran: leave at once, ready to run again.
            _barrier.ClearAlert();
            Volatile.Write(ref _state, Idle);
            return;
        }

        _barrier.ClearAlert();
        _guard.OnStart<T, THandler>(ref _handler);

        ProcessEvents();

        _guard.OnShutdown<T, THandler>(ref _handler);

        _barrier.ClearAlert();
        Volatile.Write(ref _state, Idle);
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A throwing handler is logged and counted; the pipeline must go on.")]
    private void ProcessEvents()
    {
        long next = Sequence.Value + 1;
        ref T slots = ref MemoryMarshal.GetArrayDataReference(_ring.Entries);
        long mask = _ring.IndexMask;
        nint padding = _ring.SlotPadding;
        while (true)
        {
            try
            {
                long available = _barrier.WaitFor(next);
                if (available >= next)
                {
                    _guard.OnBatchStart<T, THandler>(ref _handler, available - next + 1);
                    while (next <= available)
                    {
                        _handler.OnEvent(ref Unsafe.Add(ref slots, (nint)(next & mask) + padding), next, next == available);
                        next++;
                    }

                    Sequence.SetValue(available);
                    if (_signalAfterBatch)
                    {
                        _waitStrategy.SignalAllWhenBlocking();
                    }
                }
                else if (available == WaitStrategy.TimedOut)
                {
                    _guard.OnTimeout<T, THandler>(ref _handler, next - 1);
                }
                else if (available == WaitStrategy.Alerted && Volatile.Read(ref _state) != Running)
                {
                    return;
                }
            }
            catch (Exception ex)
            {
                // Only OnEvent throws into here (the other callbacks catch their own): skip that one event, mark
                // it done so the graph behind this processor does not stall, and go on with the batch.
                _guard.ReportEvent(ex, next);
                Sequence.SetValue(next);
                next++;
                if (_signalAfterBatch)
                {
                    _waitStrategy.SignalAllWhenBlocking();
                }
            }
        }
    }
}
