namespace TickStream.Sources;

/// <summary>The reference data given to a new instrument when it is registered.</summary>
/// <param name="TickSize">The smallest price increment, mantissa at exponent -9; must be positive.</param>
/// <param name="Venue">The ISO 10383 market identifier code, exactly 4 characters of A-Z or 0-9.</param>
/// <param name="RoundLot">Shares in a round lot; at least 1.</param>
/// <param name="DisplayDecimals">Decimal places a screen shows for prices, 0 to 9.</param>
/// <param name="Description">A human-readable name; empty means the symbol is used.</param>
public readonly record struct InstrumentSpec(long TickSize, string Venue, int RoundLot, int DisplayDecimals, string Description)
{
    /// <summary>One cent tick, round lot of 100, two decimals, venue XXXX ("no market"): a US equity of unknown venue.</summary>
    public static InstrumentSpec Default => new(10_000_000, "XXXX", 100, 2, "");

    /// <summary>Checks the fields.</summary>
    /// <param name="error">Why the spec is invalid, or null.</param>
    /// <returns>True when the spec is valid.</returns>
    public bool IsValid(out string? error)
    {
        if (TickSize <= 0)
        {
            error = $"tick size {TickSize} is not positive";
            return false;
        }

        if (Venue is null || Venue.Length != 4 || !IsMicChars(Venue))
        {
            error = $"venue '{Venue}' is not a 4-character market identifier code of A-Z and 0-9";
            return false;
        }

        if (RoundLot < 1)
        {
            error = $"round lot {RoundLot} is below 1";
            return false;
        }

        if (DisplayDecimals is < 0 or > 9)
        {
            error = $"display decimals {DisplayDecimals} is outside 0..9";
            return false;
        }

        if (Description is null || Description.Length > 1024)
        {
            error = "description is null or longer than 1024 characters";
            return false;
        }

        error = null;
        return true;
    }

    private static bool IsMicChars(string venue)
    {
        foreach (var c in venue)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9')))
            {
                return false;
            }
        }

        return true;
    }
}
