namespace TickStream.Sources;

/// <summary>What an instrument is: everything an InstrumentDefinition frame carries.</summary>
public sealed class Instrument
{
    internal Instrument(int id, string symbol, byte[] symbolBytes, InstrumentSpec spec)
    {
        Id = id;
        Symbol = symbol;
        SymbolBytes = symbolBytes;
        TickSize = spec.TickSize;
        Venue = spec.Venue;
        RoundLot = spec.RoundLot;
        DisplayDecimals = spec.DisplayDecimals;
        Description = spec.Description;
    }

    /// <summary>The dense id, from 0 in order of registration.</summary>
    public int Id { get; }

    /// <summary>The symbol: 1 to 16 characters of A-Z, 0-9, '.', '/', '_', '-'.</summary>
    public string Symbol { get; }

    /// <summary>The smallest price increment, mantissa at exponent -9 (0.01 = 10_000_000).</summary>
    public long TickSize { get; }

    /// <summary>The ISO 10383 market identifier code of the venue, 4 characters (SYNT for the synthetic market).</summary>
    public string Venue { get; }

    /// <summary>Shares in a round lot.</summary>
    public int RoundLot { get; }

    /// <summary>Decimal places a screen shows for prices.</summary>
    public int DisplayDecimals { get; }

    /// <summary>A human-readable name.</summary>
    public string Description { get; }

    internal byte[] SymbolBytes { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Id}:{Symbol}@{Venue}";
}
