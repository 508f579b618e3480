using System.Runtime.InteropServices;

namespace TickStream.Sources;

/// <summary>One changed price level of a book (L2), as a BookUpdate frame carries it.</summary>
/// <param name="Side">0 bid, 1 ask (the schema's BookSide).</param>
/// <param name="Level">1 is the best.</param>
/// <param name="Price">Price mantissa, exponent -9.</param>
/// <param name="Size">Aggregate size at the level after the change; 0 with Delete.</param>
/// <param name="Action">0 New, 1 Change, 2 Delete (the schema's BookAction).</param>
[StructLayout(LayoutKind.Auto)]
public readonly record struct BookLevelChange(byte Side, byte Level, long Price, long Size, byte Action);
