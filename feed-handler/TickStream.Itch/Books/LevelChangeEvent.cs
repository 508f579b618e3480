namespace TickStream.Itch.Books;

/// <summary>A change of one aggregated price level within the configured depth.</summary>
/// <param name="StockLocate">Locate code of the stock.</param>
/// <param name="TimestampNs">Nanoseconds since the Unix epoch.</param>
/// <param name="Side">Bid (<see cref="ItchSide.Buy"/>) or offer (<see cref="ItchSide.Sell"/>).</param>
/// <param name="Level">1-based level, 1 being the best.</param>
/// <param name="PriceE9">Price of the level (exponent -9).</param>
/// <param name="Size">Aggregated shares at the level after the change; 0 on delete.</param>
/// <param name="OrderCount">Orders at the level after the change; 0 on delete.</param>
/// <param name="Action">New, change or delete.</param>
public readonly record struct LevelChangeEvent(
    ushort StockLocate, long TimestampNs, ItchSide Side, int Level, long PriceE9, long Size, int OrderCount, LevelAction Action);
