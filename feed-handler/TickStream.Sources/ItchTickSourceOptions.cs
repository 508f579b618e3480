namespace TickStream.Sources;

/// <summary>How an ITCH 5.0 file becomes ticks.</summary>
public sealed record ItchTickSourceOptions
{
    /// <summary>The trading day of the file, for turning ITCH's ns since midnight (New York) into UTC; null reads it from a yyyyMMdd or MMddyyyy in the file name, else today.</summary>
    public DateOnly? SessionDate { get; init; }

    /// <summary>Book levels per side that BookUpdate frames follow.</summary>
    public int Depth { get; init; } = 5;

    /// <summary>Only these stocks get books and ticks; null or empty for all.</summary>
    public IReadOnlyCollection<string>? Symbols { get; init; }

    /// <summary>Orders the books can hold at once.</summary>
    public int OrderCapacity { get; init; } = 1 << 22;
}
