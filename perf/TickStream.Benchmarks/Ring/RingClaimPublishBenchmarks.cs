using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using TickStream.Disruptor;

namespace TickStream.Benchmarks.Ring;

/// <summary>
/// Single-thread cost of moving one 32-byte event through each structure (write side then read side, no
/// cross-core traffic): the ring's claim / write in place / publish / read, beside ConcurrentQueue and a bounded
/// Channel. MemoryDiagnoser proves the ring allocates nothing. Cross-thread throughput and latency are measured
/// by perf/TickStream.RingPerf.
/// </summary>
[MemoryDiagnoser]
public class RingClaimPublishBenchmarks
{
    private const int Batch = 1024;

    private RingBuffer<Event32> _yieldingRing = null!;
    private RingBuffer<Event32> _blockingRing = null!;
    private Sequence _yieldingConsumer = null!;
    private Sequence _blockingConsumer = null!;
    private ConcurrentQueue<Event32> _queue = null!;
    private Channel<Event32> _channel = null!;

    [GlobalSetup]
    public void Setup()
    {
        _yieldingRing = new RingBuffer<Event32>(4096, ProducerType.Single, new YieldingWaitStrategy());
        _yieldingConsumer = new Sequence();
        _yieldingRing.SetGatingSequences(_yieldingConsumer);
        _blockingRing = new RingBuffer<Event32>(4096, ProducerType.Single, new BlockingWaitStrategy());
        _blockingConsumer = new Sequence();
        _blockingRing.SetGatingSequences(_blockingConsumer);
        _queue = new ConcurrentQueue<Event32>();
        _channel = Channel.CreateBounded<Event32>(new BoundedChannelOptions(4096) { SingleReader = true, SingleWriter = true });
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public long ConcurrentQueue_EnqueueDequeue()
    {
        long sum = 0;
        for (int i = 0; i < Batch; i++)
        {
            _queue.Enqueue(new Event32 { Value = i });
        }

        while (_queue.TryDequeue(out var evt))
        {
            sum += evt.Value;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public long Channel_TryWriteTryRead()
    {
        long sum = 0;
        var writer = _channel.Writer;
        var reader = _channel.Reader;
        for (int i = 0; i < Batch; i++)
        {
            writer.TryWrite(new Event32 { Value = i });
        }

        while (reader.TryRead(out var evt))
        {
            sum += evt.Value;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public long Ring_ClaimPublishRead_NoSignal() => ClaimPublishRead(_yieldingRing, _yieldingConsumer);

    [Benchmark(OperationsPerInvoke = Batch)]
    public long Ring_ClaimPublishRead_BlockingSignal() => ClaimPublishRead(_blockingRing, _blockingConsumer);

    [Benchmark(OperationsPerInvoke = Batch)]
    public long Ring_BatchClaim16_PublishRange()
    {
        var ring = _yieldingRing;
        long first = ring.Cursor + 1;
        for (int i = 0; i < Batch; i += 16)
        {
            long hi = ring.Next(16);
            for (long s = hi - 15; s <= hi; s++)
            {
                ring[s].Value = s;
            }

            ring.Publish(hi - 15, hi);
        }

        return Read(ring, _yieldingConsumer, first);
    }

    private static long ClaimPublishRead(RingBuffer<Event32> ring, Sequence consumer)
    {
        long first = ring.Cursor + 1;
        for (int i = 0; i < Batch; i++)
        {
            long sequence = ring.Next();
            ring[sequence].Value = i;
            ring.Publish(sequence);
        }

        return Read(ring, consumer, first);
    }

    private static long Read(RingBuffer<Event32> ring, Sequence consumer, long first)
    {
        long sum = 0;
        long last = ring.Cursor;
        for (long s = first; s <= last; s++)
        {
            sum += ring[s].Value;
        }

        consumer.SetValue(last);
        return sum;
    }

    [StructLayout(LayoutKind.Sequential, Size = 32)]
    private struct Event32
    {
        public long Value;
    }
}
