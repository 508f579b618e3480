namespace TickStream.Sources;

/// <summary>The bits of <see cref="RawTick.Flags"/>, matching the TickFlags set of the wire schema.</summary>
public static class RawTickFlags
{
    /// <summary>Bit 0: made by the built-in synthetic market, not by a venue.</summary>
    public const ushort Synthetic = 1 << 0;

    /// <summary>Bit 1: the quote is locked or crossed (bid at or above ask).</summary>
    public const ushort Crossed = 1 << 1;

    /// <summary>Bit 2: a trade of fewer shares than a round lot.</summary>
    public const ushort OddLot = 1 << 2;
}
