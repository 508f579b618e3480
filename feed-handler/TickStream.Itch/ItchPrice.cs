using System.Runtime.CompilerServices;

namespace TickStream.Itch;

/// <summary>
/// Price conversions. ITCH sends Price(4) (four implied decimals) and Price(8) (eight implied decimals);
/// everything leaving the book is an int64 mantissa with exponent -9, the PRICE9 fixed point of the wire format.
/// </summary>
public static class ItchPrice
{
    /// <summary>Multiplier from Price(4) to a mantissa with exponent -9.</summary>
    public const long Price4ToE9Factor = 100_000;

    /// <summary>Multiplier from Price(8) to a mantissa with exponent -9.</summary>
    public const long Price8ToE9Factor = 10;

    /// <summary>Converts a Price(4) value to a mantissa with exponent -9.</summary>
    /// <param name="price4">Price with four implied decimals.</param>
    /// <returns>The same price with nine implied decimals.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Price4ToE9(uint price4) => price4 * Price4ToE9Factor;

    /// <summary>Converts a Price(8) value to a mantissa with exponent -9.</summary>
    /// <param name="price8">Price with eight implied decimals.</param>
    /// <returns>The same price with nine implied decimals.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Price8ToE9(ulong price8) => checked((long)price8 * Price8ToE9Factor);
}
