using System.Diagnostics;

namespace TickStream.Disruptor;

/// <summary>
/// Wires a <see cref="RingBuffer{T}"/>, its producer type, wait strategy and a graph of struct handlers, runs
/// one thread per handler, and stops them with or without draining. See docs/RING.md for an example.
/// </summary>
/// <remarks>
/// Build the graph with <see cref="HandleEventsWith{THandler}"/>, <see cref="EventHandlerGroup{T}.And{THandler}"/>
/// (parallel) and <see cref="EventHandlerGroup{T}.Then{THandler}"/> (after), then <see cref="Start"/>. The producer
/// is gated by the processors at the end of the graph (those nothing else waits on). Publish from the producer
/// thread(s) through <see cref="RingBuffer"/>. Stop publishing before <see cref="Shutdown"/>.
/// </remarks>
/// <typeparam name="T">The slot type.</typeparam>
public sealed class RingPipeline<T> : IDisposable
    where T : struct
{
    private readonly List<IEventProcessor> _processors = [];
    private readonly List<Sequence> _endOfGraph = [];
    private readonly IExceptionHandler _exceptionHandler;
    private readonly List<Thread> _threads = [];
    private bool _started;

    /// <summary>Creates the ring; add handlers, then <see cref="Start"/>.</summary>
    /// <param name="bufferSize">Number of slots, a power of two.</param>
    /// <param name="producerType">One publishing thread or several.</param>
    /// <param name="waitStrategy">How processors wait; <see cref="BlockingWaitStrategy"/> when null (the default
    /// for two-core machines; see docs/RING.md).</param>
    /// <param name="fullRingPolicy">Back-pressure or drop on a full ring; <see cref="FullRingPolicy.Block"/> by
    /// default.</param>
    /// <param name="exceptionHandler">Where handler exceptions go; standard error when null.</param>
    public RingPipeline(int bufferSize, ProducerType producerType = ProducerType.Single, WaitStrategy? waitStrategy = null,
        FullRingPolicy fullRingPolicy = FullRingPolicy.Block, IExceptionHandler? exceptionHandler = null)
    {
        RingBuffer = new RingBuffer<T>(bufferSize, producerType, waitStrategy, fullRingPolicy);
        _exceptionHandler = exceptionHandler ?? new TextWriterExceptionHandler();
    }

    /// <summary>The ring the producer claims and publishes on.</summary>
    public RingBuffer<T> RingBuffer { get; }

    /// <summary>Every processor, in the order added.</summary>
    public IReadOnlyList<IEventProcessor> Processors => _processors;

    /// <summary>Adds a first-stage processor for <paramref name="handler"/>: it waits on the producer.</summary>
    /// <typeparam name="THandler">The handler type, a struct.</typeparam>
    /// <param name="handler">The handler value (copied into its processor).</param>
    /// <returns>A group to add parallel (<c>And</c>) or downstream (<c>Then</c>) handlers to.</returns>
    public EventHandlerGroup<T> HandleEventsWith<THandler>(THandler handler)
        where THandler : struct, IEventHandler<T>
    {
        var processor = AddProcessor([], handler);
        return new EventHandlerGroup<T>(this, [], [processor]);
    }

    /// <summary>Adds a first-stage processor built by the caller (a <see cref="CallerRunsEventProcessor{T, THandler}"/>
    /// on a barrier from <see cref="RingBuffer{T}.NewBarrier"/> with no dependencies): it waits on the producer and
    /// runs on a thread of the pipeline like the others.</summary>
    /// <param name="processor">The processor.</param>
    /// <returns>A group to add parallel (<c>And</c>) or downstream (<c>Then</c>) handlers to.</returns>
    public EventHandlerGroup<T> HandleEventsWith(IEventProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(processor);
        if (_started)
        {
            throw new InvalidOperationException("Processors must be added before the pipeline starts.");
        }

        _processors.Add(processor);
        _endOfGraph.Add(processor.Sequence);
        return new EventHandlerGroup<T>(this, [], [processor]);
    }

    internal BatchEventProcessor<T, THandler> AddProcessor<THandler>(Sequence[] dependencies, THandler handler)
        where THandler : struct, IEventHandler<T>
    {
        if (_started)
        {
            throw new InvalidOperationException("Handlers must be added before the pipeline starts.");
        }

        var processor = new BatchEventProcessor<T, THandler>(RingBuffer, RingBuffer.NewBarrier(dependencies), handler, _exceptionHandler);
        _processors.Add(processor);
        foreach (var dependency in dependencies)
        {
            _endOfGraph.Remove(dependency);
        }

        _endOfGraph.Add(processor.Sequence);
        return processor;
    }

    /// <summary>Gates the producer on the end of the graph and starts one background thread per processor.</summary>
    /// <exception cref="InvalidOperationException">Already started, or no handler added.</exception>
    public void Start()
    {
        if (_started)
        {
            throw new InvalidOperationException("The pipeline is already started.");
        }

        if (_processors.Count == 0)
        {
            throw new InvalidOperationException("Add at least one handler before starting.");
        }

        _started = true;
        RingBuffer.SetGatingSequences([.. _endOfGraph]);
        foreach (var processor in _processors)
        {
            var thread = new Thread(processor.Run) { IsBackground = true, Name = "ring-" + processor.Name };
            _threads.Add(thread);
            thread.Start();
        }
    }

    /// <summary>Whether every processor has handled every event claimed so far.</summary>
    public bool IsDrained()
    {
        long cursor = RingBuffer.Cursor;
        foreach (var processor in _processors)
        {
            if (processor.Sequence.Value < cursor)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Waits until every processor has handled every event claimed so far (at most
    /// <paramref name="timeout"/>), then halts the processors and waits for their threads. Stop publishing
    /// first.</summary>
    /// <param name="timeout">The bound on the whole call.</param>
    /// <returns>Whether everything was consumed and every thread ended within the timeout.</returns>
    public bool Shutdown(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        long target = RingBuffer.Cursor;
        bool drained = true;
        var spinner = default(SpinWait);
        foreach (var processor in _processors)
        {
            while (processor.Sequence.Value < target)
            {
                if (clock.Elapsed >= timeout)
                {
                    drained = false;
                    break;
                }

                spinner.SpinOnce();
            }
        }

        return Halt(timeout - clock.Elapsed) && drained;
    }

    /// <summary>Halts every processor at its next wait, without draining, and waits for their threads at most
    /// <paramref name="timeout"/>.</summary>
    /// <param name="timeout">How long to wait for the threads.</param>
    /// <returns>Whether every thread ended in time.</returns>
    public bool Halt(TimeSpan timeout)
    {
        foreach (var processor in _processors)
        {
            processor.Halt();
        }

        var clock = Stopwatch.StartNew();
        bool stopped = true;
        foreach (var thread in _threads)
        {
            var remaining = timeout - clock.Elapsed;
            if (!thread.Join(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero))
            {
                stopped = false;
            }
        }

        if (stopped)
        {
            _threads.Clear();
        }

        return stopped;
    }

    /// <summary>Halts without draining (waits up to five seconds for the threads).</summary>
    public void Dispose() => Halt(TimeSpan.FromSeconds(5));
}
