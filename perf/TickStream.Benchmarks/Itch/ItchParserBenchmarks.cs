using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using TickStream.Itch;
using TickStream.Itch.Books;

namespace TickStream.Benchmarks.Itch;

/// <summary>
/// ITCH 5.0 messages per second on one core over an in-memory buffer with a realistic order-flow mix. Each invocation
/// replays the whole buffer; times are per message (OperationsPerInvoke), so messages/s = 1e9 / Mean(ns).
/// The baseline only walks the length prefixes, which is the floor any parser pays. On a shared machine the Min
/// column is the least disturbed by other processes; quote it beside the median.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class ItchParserBenchmarks
{
    private const int Messages = 1_000_000;
    private const int Stocks = 200;

    private byte[] _flow = [];
    private ItchErrorCounters _errors = new();
    private ItchOrderBooks<CountingBookListener> _books = null!;

    [GlobalSetup]
    public void Setup()
    {
        _flow = ItchFlowGenerator.OrderFlow(Messages, Stocks, liveOrders: 20_000, seed: 11);
        _errors = new ItchErrorCounters();
        _books = new ItchOrderBooks<CountingBookListener>(new OrderBookOptions { OrderCapacity = 1 << 16, Depth = 10 }, default);
        var handler = _books.CreateHandler();
        ItchParser.ParseFramed(ItchFlowGenerator.Directory(Stocks), 0, ref handler, _errors, isFinal: true, out _);

        // One full replay sizes the level arrays, so the measured replays are steady state.
        ItchParser.ParseFramed(_flow, 0, ref handler, _errors, isFinal: true, out var count);
        if (count != Messages || _errors.Total != 0 || _books.OrderCount != 0)
        {
            throw new InvalidOperationException($"flow is not clean: {count} messages, {_errors.Total} errors, {_books.OrderCount} orders left");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public long FramingOnly()
    {
        var data = _flow.AsSpan();
        var position = 0;
        long types = 0;
        while (position < data.Length)
        {
            types += data[position + 2];
            position += 2 + BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
        }

        return types;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public long ParseOnly()
    {
        var handler = default(ChecksumHandler);
        ItchParser.ParseFramed(_flow, 0, ref handler, _errors, isFinal: true, out _);
        return handler.Checksum;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public long WithBooks()
    {
        var handler = _books.CreateHandler();
        ItchParser.ParseFramed(_flow, 0, ref handler, _errors, isFinal: true, out _);
        return _books.Listener.Events;
    }
}
