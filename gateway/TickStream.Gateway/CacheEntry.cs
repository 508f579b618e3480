namespace TickStream.Gateway;

/// <summary>
/// The cached state of one symbol on one stream: the SBE frames (without topic) of its last Quote and last Trade
/// and the whole message of its InstrumentDefinition. Buffers are allocated once, when the symbol is first seen.
/// </summary>
internal sealed class CacheEntry
{
    /// <summary>Room for any Quote, Trade or InstrumentDefinition message of schema version 0 and later growth.</summary>
    public const int Capacity = 512;

    public CacheEntry(ushort streamId, string symbol)
    {
        StreamId = streamId;
        Symbol = symbol;
    }

    public ushort StreamId { get; }

    public string Symbol { get; }

    public byte[] Quote { get; } = new byte[Capacity];

    public int QuoteLength { get; set; }

    public ulong QuoteSymbolSeq { get; set; }

    public byte[] Trade { get; } = new byte[Capacity];

    public int TradeLength { get; set; }

    public ulong TradeSymbolSeq { get; set; }

    public byte[] Instrument { get; } = new byte[Capacity];

    public int InstrumentLength { get; set; }

    public bool HasData => QuoteLength > 0 || TradeLength > 0;

    public void Clear()
    {
        QuoteLength = 0;
        TradeLength = 0;
        QuoteSymbolSeq = 0;
        TradeSymbolSeq = 0;
    }
}
