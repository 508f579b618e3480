using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using TickStream.Wire;

namespace TickStream.Benchmarks.Codecs;

/// <summary>SBE Quote encode, decode and both, beside System.Text.Json writing and reading the same record.</summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the instance; the writer is disposed in [GlobalCleanup].")]
public class QuoteCodecBenchmarks
{
    private readonly byte[] _buffer = new byte[256];
    private readonly ArrayBufferWriter<byte> _json = new(512);
    private readonly QuoteRecord _record = new(42, 7, 1_700_000_000_123_456_789, 1_700_000_000_123_999_000, 1001, 3, 2,
        "AAPL", "XNAS", 189_240_000_000, 300, 189_260_000_000, 200);

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
        var e = QuoteEncoder.WrapAndApplyHeader(_buffer);
        e.SetStreamSeq(_record.StreamSeq);
        e.SetSymbolSeq(_record.SymbolSeq);
        e.SetExchangeTime(_record.ExchangeTime);
        e.SetIngestTime(_record.IngestTime);
        e.SetInstrumentId(_record.InstrumentId);
        e.SetStreamId(_record.StreamId);
        e.SetFlags((TickFlags)_record.Flags);
        e.SetSymbol("AAPL"u8);
        e.SetVenue("XNAS"u8);
        e.BidPrice.SetMantissa(189_240_000_000);
        e.SetBidSize(_record.BidSize);
        e.AskPrice.SetMantissa(189_260_000_000);
        e.SetAskSize(_record.AskSize);
        return e.EncodedLength;
    }

    [Benchmark]
    public long SbeDecode()
    {
        if (!QuoteDecoder.TryWrap(_buffer.AsSpan(0, _frameLength), out var d, out _))
        {
            return -1;
        }

        return (long)(d.StreamSeq + d.SymbolSeq + d.ExchangeTime + d.IngestTime) + d.InstrumentId + d.StreamId + (long)d.Flags
            + d.Symbol.Length + d.Venue.Length + d.BidPrice.Mantissa + d.BidSize + d.AskPrice.Mantissa + d.AskSize;
    }

    [Benchmark]
    public long SbeEncodeDecode() => SbeEncode() + SbeDecode();

    [Benchmark]
    public int JsonSerialize()
    {
        _json.ResetWrittenCount();
        _writer.Reset(_json);
        JsonSerializer.Serialize(_writer, _record, CodecJsonContext.Default.QuoteRecord);
        return _json.WrittenCount;
    }

    [Benchmark]
    public long JsonDeserialize()
    {
        var q = JsonSerializer.Deserialize(_jsonFrame, CodecJsonContext.Default.QuoteRecord)!;
        return (long)(q.StreamSeq + q.SymbolSeq + q.ExchangeTime + q.IngestTime) + q.InstrumentId + q.StreamId + q.Flags
            + q.Symbol.Length + q.Venue.Length + (q.BidPrice ?? 0) + q.BidSize + (q.AskPrice ?? 0) + q.AskSize;
    }

    [Benchmark(Baseline = true)]
    public long JsonSerializeDeserialize()
    {
        JsonSerialize();
        var q = JsonSerializer.Deserialize(_json.WrittenSpan, CodecJsonContext.Default.QuoteRecord)!;
        return (long)q.StreamSeq + q.AskSize;
    }
}
