namespace TickStream.Itch.Books;

/// <summary>A trade out of the book.</summary>
/// <param name="StockLocate">Locate code of the stock.</param>
/// <param name="TimestampNs">Nanoseconds since the Unix epoch.</param>
/// <param name="PriceE9">Price as a mantissa with exponent -9.</param>
/// <param name="Size">Shares traded.</param>
/// <param name="MatchNumber">The exchange's day-unique match number.</param>
/// <param name="Aggressor">
/// Side of the incoming order, inferred from the resting one: an execution against a resting buy means the aggressor
/// sold. <see cref="ItchSide.None"/> for crosses.
/// </param>
/// <param name="Kind">Which message reported the trade.</param>
/// <param name="OrderReference">The resting order's reference number, or 0 when not disclosed.</param>
public readonly record struct TradeEvent(
    ushort StockLocate, long TimestampNs, long PriceE9, long Size, ulong MatchNumber, ItchSide Aggressor, TradeKind Kind, ulong OrderReference);
