using System.Runtime.CompilerServices;

namespace TickStream.Itch;

/// <summary>Conversions between the wire's Buy/Sell indicator and <see cref="ItchSide"/>.</summary>
internal static class ItchSides
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ItchSide FromByte(byte indicator) => indicator switch
    {
        (byte)'B' => ItchSide.Buy,
        (byte)'S' => ItchSide.Sell,
        _ => ItchSide.None,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ItchSide Opposite(ItchSide side) => side switch
    {
        ItchSide.Buy => ItchSide.Sell,
        ItchSide.Sell => ItchSide.Buy,
        _ => ItchSide.None,
    };
}
