using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using TickStream.Wire;

namespace TickStream.Benchmarks.Codecs;

/// <summary>SBE Trade encode, decode and both, beside System.Text.Json writing and reading the same record.</summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the instance; the writer is disposed in [GlobalCleanup].")]
public class TradeCodecBenchmarks
{
    private readonly byte[] _buffer = new byte[256];
    private readonly ArrayBufferWriter<byte> _json = new(512);
    private readonly TradeRecord _record = new(42, 7, 1_700_000_000_123_456_789, 1_700_000_000_123_999_000, 1001, 3, 5,
        "AAPL", "XNAS", 1, 189_250_000_000, 100, 0xDEADBEEF);

    private Utf8JsonWriter _writer = null!;
    private byte[] _jsonFrame = [];
    private int _frameLength;

    [GlobalSetup]
    public void Setup()
    {
        _writer = new Utf8JsonWriter(_json);
        _frameLength = SbeEncode();
        JsonSerialize();
        _jsonFrame = _json.WrittenSpan.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _writer.Dispose();

    [Benchmark]
    public int SbeEncode()
    {
        var e = TradeEncoder.WrapAndApplyHeader(_buffer);
        e.SetStreamSeq(_record.StreamSeq);
        e.SetSymbolSeq(_record.SymbolSeq);
        e.SetExchangeTime(_record.ExchangeTime);
        e.SetIngestTime(_record.IngestTime);
        e.SetInstrumentId(_record.InstrumentId);
        e.SetStreamId(_record.StreamId);
        e.SetFlags((TickFlags)_record.Flags);
        e.SetSymbol("AAPL"u8);
        e.SetVenue("XNAS"u8);
        e.SetAggressorSide((AggressorSide)_record.AggressorSide);
        e.Price.SetMantissa(_record.Price);
        e.SetSize(_record.Size);
        e.SetTradeId(_record.TradeId);
        return e.EncodedLength;
    }

    [Benchmark]
    public long SbeDecode()
    {
        if (!TradeDecoder.TryWrap(_buffer.AsSpan(0, _frameLength), out var d, out _))
        {
            return -1;
        }

        return (long)(d.StreamSeq + d.SymbolSeq + d.ExchangeTime + d.IngestTime + d.TradeId) + d.InstrumentId + d.StreamId
            + (long)d.Flags + d.Symbol.Length + d.Venue.Length + (long)d.AggressorSide + d.Price.Mantissa + d.Size;
    }

    [Benchmark]
    public long SbeEncodeDecode() => SbeEncode() + SbeDecode();

    [Benchmark]
    public int JsonSerialize()
    {
        _json.ResetWrittenCount();
        _writer.Reset(_json);
        JsonSerializer.Serialize(_writer, _record, CodecJsonContext.Default.TradeRecord);
        return _json.WrittenCount;
    }

    [Benchmark]
    public long JsonDeserialize()
    {
        var t = JsonSerializer.Deserialize(_jsonFrame, CodecJsonContext.Default.TradeRecord)!;
        return (long)(t.StreamSeq + t.SymbolSeq + t.ExchangeTime + t.IngestTime + t.TradeId) + t.InstrumentId + t.StreamId
            + t.Flags + t.Symbol.Length + t.Venue.Length + t.AggressorSide + t.Price + t.Size;
    }

    [Benchmark(Baseline = true)]
    public long JsonSerializeDeserialize()
    {
        JsonSerialize();
        var t = JsonSerializer.Deserialize(_json.WrittenSpan, CodecJsonContext.Default.TradeRecord)!;
        return (long)t.StreamSeq + t.Size;
    }
}
