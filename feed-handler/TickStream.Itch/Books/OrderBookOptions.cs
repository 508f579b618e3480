namespace TickStream.Itch.Books;

/// <summary>How <see cref="ItchOrderBooks{TListener}"/> is sized and what it emits.</summary>
public sealed class OrderBookOptions
{
    /// <summary>Initial capacity of the order table (all stocks share it); size it for the day's peak of resting orders.</summary>
    public int OrderCapacity { get; init; } = 1 << 20;

    /// <summary>Levels per side reported through <see cref="IItchBookListener.OnLevelChange"/>; 0 reports none.</summary>
    public int Depth { get; init; } = 10;

    /// <summary>Initial price levels per side of each book.</summary>
    public int InitialLevelsPerSide { get; init; } = 64;

    /// <summary>Turns timestamps into nanoseconds since the Unix epoch.</summary>
    public ItchSessionClock Clock { get; init; } = ItchSessionClock.SinceMidnight;

    /// <summary>Symbols to build books for; null builds every stock.</summary>
    public IReadOnlyCollection<string>? Symbols { get; init; }

    /// <summary>Where book errors are counted; a new instance when null. May be shared with the reader.</summary>
    public ItchErrorCounters? Errors { get; init; }
}
