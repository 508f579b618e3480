using System.Diagnostics.CodeAnalysis;

namespace TickStream.Sources;

/// <summary>
/// One normalised tick before it is encoded. Prices are int64 mantissas with the exponent -9
/// (1.5 USD = 1_500_000_000); an empty quote side has the price <see cref="long.MinValue"/>.
/// </summary>
/// <remarks>
/// A mutable struct of plain fields on purpose: sources fill one instance in place and hand it to the sink by
/// reference, so nothing is copied or allocated per tick.
/// </remarks>
[SuppressMessage("Design", "CA1051:Do not declare visible instance fields",
    Justification = "A plain data carrier filled in place on the hot path; properties would only add copies.")]
public struct RawTick
{
    /// <summary>The price value that marks an empty quote side.</summary>
    public const long EmptyPrice = long.MinValue;

    /// <summary>Trade or quote.</summary>
    public TickKind Kind;

    /// <summary>The dense instrument id from the <see cref="InstrumentRegistry"/>.</summary>
    public int InstrumentId;

    /// <summary>Exchange time in nanoseconds since the Unix epoch, UTC.</summary>
    public long ExchangeTimeNs;

    /// <summary>Trade price, mantissa at exponent -9.</summary>
    public long Price;

    /// <summary>Trade size in shares or contracts.</summary>
    public long Size;

    /// <summary>The side that took liquidity: 0 unknown, 1 buy, 2 sell (see <see cref="Sources.AggressorSide"/>).</summary>
    public byte AggressorSide;

    /// <summary>The venue's trade id, 0 when unknown.</summary>
    public ulong TradeId;

    /// <summary>Best bid price, mantissa at exponent -9; <see cref="EmptyPrice"/> when the bid side is empty.</summary>
    public long BidPrice;

    /// <summary>Best bid size; 0 when the bid side is empty.</summary>
    public long BidSize;

    /// <summary>Best ask price, mantissa at exponent -9; <see cref="EmptyPrice"/> when the ask side is empty.</summary>
    public long AskPrice;

    /// <summary>Best ask size; 0 when the ask side is empty.</summary>
    public long AskSize;

    /// <summary>Qualifier bits, as TickFlags in the wire schema (see <see cref="RawTickFlags"/>).</summary>
    public ushort Flags;

    /// <summary>Clears every field, so a reused instance carries nothing from the previous tick.</summary>
    public void Clear() => this = default;
}
