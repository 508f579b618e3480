using TickStream.Itch.Books;

namespace TickStream.Itch.Tests;

/// <summary>Counts what the books emit, without allocating.</summary>
internal struct CountingListener : IItchBookListener
{
    public long Instruments;
    public long Trades;
    public long Quotes;
    public long Levels;
    public long Errors;

    public void OnInstrument(in InstrumentDefinition instrument) => Instruments++;

    public void OnTrade(in TradeEvent trade) => Trades++;

    public void OnQuote(in QuoteEvent quote) => Quotes++;

    public void OnLevelChange(in LevelChangeEvent change) => Levels++;

    public void OnError(in ItchError rejected) => Errors++;
}
