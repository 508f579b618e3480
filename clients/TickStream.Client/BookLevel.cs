namespace TickStream.Client;

/// <summary>One entry of a BookUpdate's levels group.</summary>
/// <param name="Price">Price mantissa (exponent -9).</param>
/// <param name="Size">Aggregate size at the level after the change; 0 with Delete.</param>
/// <param name="Level">1 is the best.</param>
/// <param name="Side">0 Bid, 1 Ask.</param>
/// <param name="Action">0 New, 1 Change, 2 Delete.</param>
public readonly record struct BookLevel(long Price, long Size, byte Level, byte Side, byte Action);
