namespace TickStream.Client;

/// <summary>Converts the wire's fixed-point prices: an int64 mantissa with the exponent -9.</summary>
public static class Price9
{
    /// <summary>The mantissa of an absent optional price.</summary>
    public const long Null = long.MinValue;

    /// <summary>The price as a decimal, exactly; null for <see cref="Null"/>.</summary>
    /// <param name="mantissa">The wire mantissa.</param>
    /// <returns>The price.</returns>
    public static decimal? ToDecimal(long mantissa) =>
        mantissa == Null ? null : new decimal(mantissa) / 1_000_000_000m;

    /// <summary>The price as a double (for display); NaN for <see cref="Null"/>.</summary>
    /// <param name="mantissa">The wire mantissa.</param>
    /// <returns>The price.</returns>
    public static double ToDouble(long mantissa) => mantissa == Null ? double.NaN : mantissa / 1e9;
}
