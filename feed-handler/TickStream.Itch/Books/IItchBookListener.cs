namespace TickStream.Itch.Books;

/// <summary>
/// Receives what the books produce. Implement it on a struct and pass it as the generic argument of
/// <see cref="ItchOrderBooks{TListener}"/> so the calls are devirtualised. Events are valid only during the call.
/// </summary>
public interface IItchBookListener
{
    /// <summary>A stock directory message announced a stock that passes the symbol filter.</summary>
    /// <param name="instrument">The stock.</param>
    void OnInstrument(in InstrumentDefinition instrument);

    /// <summary>A trade: an execution (E, printable C), a non-cross trade (P) or a cross (Q).</summary>
    /// <param name="trade">The trade.</param>
    void OnTrade(in TradeEvent trade);

    /// <summary>The best bid or offer changed in price or size.</summary>
    /// <param name="quote">The new best bid and offer.</param>
    void OnQuote(in QuoteEvent quote);

    /// <summary>A price level within the configured depth changed.</summary>
    /// <param name="change">The change.</param>
    void OnLevelChange(in LevelChangeEvent change);

    /// <summary>Input was rejected (counted before the call).</summary>
    /// <param name="rejected">What and where.</param>
    void OnError(in ItchError rejected);
}
