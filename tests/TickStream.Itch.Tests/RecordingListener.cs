using TickStream.Itch.Books;

namespace TickStream.Itch.Tests;

/// <summary>Records everything the books emit.</summary>
internal readonly struct RecordingListener() : IItchBookListener
{
    public List<InstrumentDefinition> Instruments { get; } = [];

    public List<TradeEvent> Trades { get; } = [];

    public List<QuoteEvent> Quotes { get; } = [];

    public List<LevelChangeEvent> Levels { get; } = [];

    public List<ItchError> Errors { get; } = [];

    public void OnInstrument(in InstrumentDefinition instrument) => Instruments.Add(instrument);

    public void OnTrade(in TradeEvent trade) => Trades.Add(trade);

    public void OnQuote(in QuoteEvent quote) => Quotes.Add(quote);

    public void OnLevelChange(in LevelChangeEvent change) => Levels.Add(change);

    public void OnError(in ItchError rejected) => Errors.Add(rejected);
}
