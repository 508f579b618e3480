using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using HdrHistogram;
using TickStream.Client;
using TickStream.Wire;

namespace TickStream.Benchmarks.Client;

/// <summary>
/// The client's cost per received frame: topic split, validation, sequence tracking, latency recording and
/// dispatch to a handler, beside a baseline that only splits the topic and reads the same fields.
/// </summary>
[MemoryDiagnoser]
public class ClientDispatchBenchmarks : IDisposable
{
    private const int Symbols = 64;
    private const int SymbolSeqOffset = 8 + 8;

    private readonly byte[][] _messages = new byte[Symbols * 2][];
    private readonly int[] _topicLengths = new int[Symbols * 2];
    private TickSubscriber _subscriber = null!;
    private TickSubscriber _subscriberWithRecords = null!;
    private readonly Recorder _recorder = new(1, 60_000_000_000, 3, (id, low, high, digits) => new LongHistogram(id, low, high, digits));
    private ulong _seq;
    private long _sink;

    [GlobalSetup]
    public void Setup()
    {
        var buffer = new byte[256];
        for (var i = 0; i < Symbols; i++)
        {
            var symbol = $"SYM{i:D3}";
            var quote = QuoteEncoder.WrapAndApplyHeader(buffer);
            quote.SetStreamId(1);
            quote.SetSymbol(symbol);
            quote.SetVenue("XNAS");
            quote.SetIngestTime((ulong)WireClock.NowNanoseconds());
            quote.BidPrice.SetMantissa(100_000_000_000);
            quote.SetBidSize(100);
            quote.AskPrice.SetMantissa(100_010_000_000);
            quote.SetAskSize(200);
            Store(2 * i, Topic.SymbolPrefix(TopicClass.Quote, symbol), buffer.AsSpan(0, quote.EncodedLength));

            var trade = TradeEncoder.WrapAndApplyHeader(buffer);
            trade.SetStreamId(1);
            trade.SetSymbol(symbol);
            trade.SetVenue("XNAS");
            trade.SetIngestTime((ulong)WireClock.NowNanoseconds());
            trade.Price.SetMantissa(100_005_000_000);
            trade.SetSize(10);
            Store((2 * i) + 1, Topic.SymbolPrefix(TopicClass.Trade, symbol), buffer.AsSpan(0, trade.EncodedLength));
        }

        // The socket connects to a port nobody listens on: only Process is measured, on this thread.
        var options = new TickSubscriberOptions { Endpoints = { "tcp://127.0.0.1:1" }, HeartbeatTimeout = TimeSpan.FromHours(1) };
        _subscriber = new TickSubscriber(options, OnTick);
        _subscriberWithRecords = new TickSubscriber(options, OnTick);
        _ = _subscriberWithRecords.ReadAllAsync();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _subscriber?.Dispose();
        _subscriberWithRecords?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Topic split and the reads a hand-written loop would do: the floor.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Symbols * 2)]
    public long SplitAndReadFields()
    {
        var seq = ++_seq;
        long sum = 0;
        for (var i = 0; i < _messages.Length; i++)
        {
            var message = _messages[i];
            BinaryPrimitives.WriteUInt64LittleEndian(message.AsSpan(_topicLengths[i] + SymbolSeqOffset), seq);
            if (Topic.TrySplit(message, out _, out var frame))
            {
                sum += BinaryPrimitives.ReadInt64LittleEndian(frame[SymbolSeqOffset..]) + BinaryPrimitives.ReadInt64LittleEndian(frame[72..]);
            }
        }

        return sum;
    }

    /// <summary>Part of the cost: one read of the wire clock (DateTime.UtcNow), taken once per frame.</summary>
    [Benchmark(OperationsPerInvoke = Symbols * 2)]
    public long ReadWireClock()
    {
        long sum = 0;
        for (var i = 0; i < _messages.Length; i++)
        {
            sum += WireClock.NowNanoseconds();
        }

        return sum;
    }

    /// <summary>Part of the cost: one value into an HdrHistogram Recorder, once per tick.</summary>
    [Benchmark(OperationsPerInvoke = Symbols * 2)]
    public long RecordLatency()
    {
        for (var i = 0; i < _messages.Length; i++)
        {
            _recorder.RecordValue(1_000 + i);
        }

        return _messages.Length;
    }

    /// <summary>Everything the receive thread does per frame, handler included.</summary>
    [Benchmark(OperationsPerInvoke = Symbols * 2)]
    public long ProcessAndDispatch() => Run(_subscriber);

    /// <summary>The same, also copying each frame into a record for the async stream (nobody reads: oldest dropped).</summary>
    [Benchmark(OperationsPerInvoke = Symbols * 2)]
    public long ProcessDispatchAndRecord() => Run(_subscriberWithRecords);

    private long Run(TickSubscriber subscriber)
    {
        var seq = ++_seq;
        for (var i = 0; i < _messages.Length; i++)
        {
            var message = _messages[i];
            BinaryPrimitives.WriteUInt64LittleEndian(message.AsSpan(_topicLengths[i] + SymbolSeqOffset), seq);
            subscriber.Process(message);
        }

        return _sink;
    }

    private void OnTick(in TickView tick) => _sink += (long)tick.SymbolSeq;

    private void Store(int index, byte[] topic, ReadOnlySpan<byte> frame)
    {
        var message = new byte[topic.Length + frame.Length];
        topic.CopyTo(message, 0);
        frame.CopyTo(message.AsSpan(topic.Length));
        _messages[index] = message;
        _topicLengths[index] = topic.Length;
    }
}
