namespace TickStream.Itch.Books;

/// <summary>The book of one stock: aggregated bid and offer levels.</summary>
public sealed class OrderBook
{
    internal OrderBook(ushort stockLocate, string symbol, int initialLevels)
    {
        StockLocate = stockLocate;
        Symbol = symbol;
        Bids = new PriceLevels(ItchSide.Buy, initialLevels);
        Asks = new PriceLevels(ItchSide.Sell, initialLevels);
    }

    /// <summary>Locate code of the stock.</summary>
    public ushort StockLocate { get; }

    /// <summary>The symbol, or empty when orders arrived before any stock directory message.</summary>
    public string Symbol { get; internal set; }

    /// <summary>Bid levels, best (highest) first by level number.</summary>
    public PriceLevels Bids { get; }

    /// <summary>Offer levels, best (lowest) first by level number.</summary>
    public PriceLevels Asks { get; }

    /// <summary>Round lot size from the stock directory, 0 when unknown.</summary>
    public uint RoundLotSize { get; internal set; }

    // The last quote emitted, to emit only on change.
    internal uint LastBidPrice;
    internal long LastBidSize;
    internal uint LastAskPrice;
    internal long LastAskSize;

    internal PriceLevels SideOf(ItchSide side) => side == ItchSide.Buy ? Bids : Asks;
}
