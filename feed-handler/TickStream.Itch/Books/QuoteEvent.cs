namespace TickStream.Itch.Books;

/// <summary>The best bid and offer of a stock after a change of either price or size.</summary>
/// <param name="StockLocate">Locate code of the stock.</param>
/// <param name="TimestampNs">Nanoseconds since the Unix epoch.</param>
/// <param name="BidPriceE9">Best bid price (exponent -9), 0 when there is no bid.</param>
/// <param name="BidSize">Shares at the best bid, 0 when there is no bid.</param>
/// <param name="AskPriceE9">Best offer price (exponent -9), 0 when there is no offer.</param>
/// <param name="AskSize">Shares at the best offer, 0 when there is no offer.</param>
public readonly record struct QuoteEvent(
    ushort StockLocate, long TimestampNs, long BidPriceE9, long BidSize, long AskPriceE9, long AskSize);
