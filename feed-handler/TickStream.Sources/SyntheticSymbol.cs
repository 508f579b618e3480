namespace TickStream.Sources;

/// <summary>One instrument of the synthetic market.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="StartPrice">The mid price the random walk starts from.</param>
/// <param name="Description">A human-readable name.</param>
public sealed record SyntheticSymbol(string Symbol, decimal StartPrice, string Description)
{
    /// <summary>The price increment; 0.01 unless set.</summary>
    public decimal TickSize { get; init; } = 0.01m;

    /// <summary>Shares in a round lot; 100 unless set.</summary>
    public int RoundLot { get; init; } = 100;
}
