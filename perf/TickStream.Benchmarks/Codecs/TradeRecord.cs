namespace TickStream.Benchmarks.Codecs;

/// <summary>A Trade as a plain record: what System.Text.Json serialises in the baseline.</summary>
public sealed record TradeRecord(
    ulong StreamSeq,
    ulong SymbolSeq,
    ulong ExchangeTime,
    ulong IngestTime,
    uint InstrumentId,
    ushort StreamId,
    ushort Flags,
    string Symbol,
    string Venue,
    byte AggressorSide,
    long Price,
    long Size,
    ulong TradeId);
