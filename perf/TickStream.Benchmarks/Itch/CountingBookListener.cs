using TickStream.Itch;
using TickStream.Itch.Books;

namespace TickStream.Benchmarks.Itch;

/// <summary>Folds what the books emit into counters, as a cheap stand-in for encoding frames.</summary>
internal struct CountingBookListener : IItchBookListener
{
    public long Events;
    public long Checksum;

    public void OnInstrument(in InstrumentDefinition instrument) => Events++;

    public void OnTrade(in TradeEvent trade)
    {
        Events++;
        Checksum += trade.PriceE9 + trade.Size;
    }

    public void OnQuote(in QuoteEvent quote)
    {
        Events++;
        Checksum += quote.BidPriceE9 + quote.AskSize;
    }

    public void OnLevelChange(in LevelChangeEvent change)
    {
        Events++;
        Checksum += change.PriceE9 + change.Size + change.Level;
    }

    public void OnError(in ItchError rejected) => Events--;
}
