using System.Diagnostics;
using HdrHistogram;
using TickStream.Disruptor;

namespace TickStream.RingPerf;

/// <summary>Last stage: checksums values and signals completion at the last event.</summary>
internal struct SinkHandler : IEventHandler<PerfEvent>
{
    private readonly Completion _completion;
    private long _count;
    private long _sum;

    public SinkHandler(Completion completion)
    {
        _completion = completion;
    }

    public void OnEvent(ref PerfEvent evt, long sequence, bool endOfBatch)
    {
        _sum += evt.Value;
        _count++;
        if (evt.Value == _completion.LastValue)
        {
            _completion.Finish(_count, _sum);
        }
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

/// <summary>Middle stage: writes into the slot (as a journal or encoder stage would touch it).</summary>
internal struct PassHandler : IEventHandler<PerfEvent>
{
    private readonly bool _second;

    public PassHandler(bool second)
    {
        _second = second;
    }

    public readonly void OnEvent(ref PerfEvent evt, long sequence, bool endOfBatch)
    {
        if (_second)
        {
            evt.PayloadB += evt.Value;
        }
        else
        {
            evt.PayloadA += evt.Value;
        }
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

/// <summary>Records publish-to-consume time of every event after the warm-up ones.</summary>
internal struct LatencyHandler : IEventHandler<PerfEvent>
{
    private readonly LongHistogram _histogram;
    private readonly Completion _completion;
    private readonly long _warmup;
    private long _count;
    private long _sum;

    public LatencyHandler(LongHistogram histogram, Completion completion, long warmup)
    {
        _histogram = histogram;
        _completion = completion;
        _warmup = warmup;
    }

    public void OnEvent(ref PerfEvent evt, long sequence, bool endOfBatch)
    {
        long now = Stopwatch.GetTimestamp();
        if (evt.Value >= _warmup)
        {
            _histogram.RecordValue(Timing.TicksToNanoseconds(now - evt.Stamp));
        }

        _sum += evt.Value;
        _count++;
        if (evt.Value == _completion.LastValue)
        {
            _completion.Finish(_count, _sum);
        }
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
