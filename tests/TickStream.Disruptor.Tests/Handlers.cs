namespace TickStream.Disruptor.Tests;

/// <summary>Checks that a single producer's values arrive in order, each once, and counts them.</summary>
internal struct OrderCheckingHandler : IEventHandler<TestEvent>
{
    private readonly Probe _probe;
    private long _expected;

    public OrderCheckingHandler(Probe probe)
    {
        _probe = probe;
    }

    public void OnEvent(ref TestEvent evt, long sequence, bool endOfBatch)
    {
        if (evt.Value != _expected || sequence != _expected)
        {
            _probe.Error($"expected {_expected}, got value {evt.Value} at sequence {sequence}");
        }

        _expected = evt.Value + 1;
        _probe.Seen();
    }

    public readonly void OnBatchStart(long batchSize) => _probe.Batches++;

    public readonly void OnTimeout(long sequence) => Interlocked.Increment(ref _probe.Timeouts);

    public readonly void OnStart() => _probe.Starts++;

    public readonly void OnShutdown() => _probe.Shutdowns++;
}

/// <summary>Writes a mark into the slot (first or second field) after checking order.</summary>
internal struct MarkingHandler : IEventHandler<TestEvent>
{
    private readonly Probe _probe;
    private readonly bool _second;
    private long _expected;

    public MarkingHandler(Probe probe, bool second)
    {
        _probe = probe;
        _second = second;
    }

    public void OnEvent(ref TestEvent evt, long sequence, bool endOfBatch)
    {
        if (evt.Value != _expected)
        {
            _probe.Error($"expected {_expected}, got {evt.Value}");
        }

        if (_second)
        {
            evt.SecondMark = evt.Value + 2;
        }
        else
        {
            evt.FirstMark = evt.Value + 1;
        }

        _expected = evt.Value + 1;
        _probe.Seen();
    }

    public readonly void OnBatchStart(long batchSize)
    {
    }

    public readonly void OnTimeout(long sequence)
    {
    }

    public readonly void OnStart()
    {
    }

    public readonly void OnShutdown()
    {
    }
}

/// <summary>Behind the markers: checks that the marks it needs are there, so dependencies were honoured.</summary>
internal struct MarkCheckingHandler : IEventHandler<TestEvent>
{
    private readonly Probe _probe;
    private readonly bool _needFirst;
    private readonly bool _needSecond;
    private long _expected;

    public MarkCheckingHandler(Probe probe, bool needFirst, bool needSecond)
    {
        _probe = probe;
        _needFirst = needFirst;
        _needSecond = needSecond;
    }

    public void OnEvent(ref TestEvent evt, long sequence, bool endOfBatch)
    {
        if (evt.Value != _expected)
        {
            _probe.Error($"expected {_expected}, got {evt.Value}");
        }

        if ((_needFirst && evt.FirstMark != evt.Value + 1) || (_needSecond && evt.SecondMark != evt.Value + 2))
        {
            _probe.Error($"event {evt.Value} reached the last stage before its upstream handlers");
        }

        _expected = evt.Value + 1;
        _probe.Seen();
    }

    public readonly void OnBatchStart(long batchSize)
    {
    }

    public readonly void OnTimeout(long sequence)
    {
    }

    public readonly void OnStart()
    {
    }

    public readonly void OnShutdown()
    {
    }
}

/// <summary>For several producers: per producer, values must be 0, 1, 2, ... with none missing or repeated.</summary>
internal struct PerProducerOrderHandler : IEventHandler<TestEvent>
{
    private readonly Probe _probe;
    private readonly long[] _next;

    public PerProducerOrderHandler(Probe probe, long[] next)
    {
        _probe = probe;
        _next = next;
    }

    public readonly void OnEvent(ref TestEvent evt, long sequence, bool endOfBatch)
    {
        if ((uint)evt.Producer >= (uint)_next.Length)
        {
            _probe.Error($"unknown producer {evt.Producer} at sequence {sequence}");
            return;
        }

        ref long next = ref _next[evt.Producer];
        if (evt.Value != next)
        {
            _probe.Error($"producer {evt.Producer}: expected {next}, got {evt.Value} at sequence {sequence}");
        }

        next = evt.Value + 1;
        _probe.Seen();
    }

    public readonly void OnBatchStart(long batchSize)
    {
    }

    public readonly void OnTimeout(long sequence)
    {
    }

    public readonly void OnStart()
    {
    }

    public readonly void OnShutdown()
    {
    }
}

/// <summary>Throws on every event whose value is a multiple of <c>every</c>; counts the others.</summary>
internal struct ThrowingHandler : IEventHandler<TestEvent>
{
    private readonly Probe _probe;
    private readonly long _every;

    public ThrowingHandler(Probe probe, long every)
    {
        _probe = probe;
        _every = every;
    }

    public readonly void OnEvent(ref TestEvent evt, long sequence, bool endOfBatch)
    {
        if (evt.Value % _every == 0)
        {
            throw new InvalidOperationException($"bad event {evt.Value}");
        }

        _probe.Seen();
    }

    public readonly void OnBatchStart(long batchSize)
    {
    }

    public readonly void OnTimeout(long sequence)
    {
    }

    public readonly void OnStart()
    {
    }

    public readonly void OnShutdown()
    {
    }
}

/// <summary>Blocks on a gate for every event until the test opens it: a stuck or slow consumer.</summary>
internal struct GatedHandler : IEventHandler<TestEvent>
{
    private readonly Probe _probe;
    private readonly ManualResetEventSlim _gate;

    public GatedHandler(Probe probe, ManualResetEventSlim gate)
    {
        _probe = probe;
        _gate = gate;
    }

    public readonly void OnEvent(ref TestEvent evt, long sequence, bool endOfBatch)
    {
        _gate.Wait(TimeSpan.FromSeconds(30));
        _probe.Seen();
    }

    public readonly void OnBatchStart(long batchSize)
    {
    }

    public readonly void OnTimeout(long sequence)
    {
    }

    public readonly void OnStart()
    {
    }

    public readonly void OnShutdown()
    {
    }
}

/// <summary>Counts events and notes this thread's allocated bytes at a given sequence and at the last one.</summary>
internal struct AllocationProbeHandler : IEventHandler<TestEvent>
{
    private readonly Probe _probe;
    private readonly long _markAt;
    private readonly long _endAt;

    public AllocationProbeHandler(Probe probe, long markAt, long endAt)
    {
        _probe = probe;
        _markAt = markAt;
        _endAt = endAt;
    }

    public readonly void OnEvent(ref TestEvent evt, long sequence, bool endOfBatch)
    {
        if (sequence == _markAt)
        {
            _probe.AllocatedAtMark = GC.GetAllocatedBytesForCurrentThread();
        }
        else if (sequence == _endAt)
        {
            _probe.AllocatedAtEnd = GC.GetAllocatedBytesForCurrentThread();
        }

        _probe.Seen();
    }

    public readonly void OnBatchStart(long batchSize)
    {
    }

    public readonly void OnTimeout(long sequence)
    {
    }

    public readonly void OnStart()
    {
    }

    public readonly void OnShutdown()
    {
    }
}

/// <summary>Records every exception it is given.</summary>
internal sealed class RecordingExceptionHandler : IExceptionHandler
{
    private long _eventExceptions;
    private long _lifecycleExceptions;

    public long EventExceptions => Volatile.Read(ref _eventExceptions);

    public long LifecycleExceptions => Volatile.Read(ref _lifecycleExceptions);

    public long LastSequence { get; private set; } = -1;

    public void HandleEventException(Exception exception, long sequence, string handlerName)
    {
        LastSequence = sequence;
        Interlocked.Increment(ref _eventExceptions);
    }

    public void HandleLifecycleException(Exception exception, string handlerName) =>
        Interlocked.Increment(ref _lifecycleExceptions);
}
