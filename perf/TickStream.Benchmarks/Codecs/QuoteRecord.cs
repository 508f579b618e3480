namespace TickStream.Benchmarks.Codecs;

/// <summary>A Quote as a plain record: what System.Text.Json serialises in the baseline.</summary>
public sealed record QuoteRecord(
    ulong StreamSeq,
    ulong SymbolSeq,
    ulong ExchangeTime,
    ulong IngestTime,
    uint InstrumentId,
    ushort StreamId,
    ushort Flags,
    string Symbol,
    string Venue,
    long? BidPrice,
    long BidSize,
    long? AskPrice,
    long AskSize);
