namespace TickStream.Sources;

/// <summary>The values of <see cref="RawTick.AggressorSide"/>, as the AggressorSide enum of the wire schema.</summary>
public static class AggressorSide
{
    /// <summary>The aggressor is not known.</summary>
    public const byte Unknown = 0;

    /// <summary>A buyer took liquidity (the trade printed at the ask).</summary>
    public const byte Buy = 1;

    /// <summary>A seller took liquidity (the trade printed at the bid).</summary>
    public const byte Sell = 2;
}
