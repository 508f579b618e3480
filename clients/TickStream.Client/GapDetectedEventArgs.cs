namespace TickStream.Client;

/// <summary>Frames of one (stream, symbol, class) were lost: symbol sequences <see cref="FirstMissing"/> to <see cref="LastMissing"/>.</summary>
/// <param name="streamId">The stream.</param>
/// <param name="symbol">The symbol.</param>
/// <param name="kind">The class (Trade, Quote or BookUpdate).</param>
/// <param name="firstMissing">The first lost symbol sequence.</param>
/// <param name="lastMissing">The last lost symbol sequence.</param>
public sealed class GapDetectedEventArgs(ushort streamId, string symbol, TickKind kind, ulong firstMissing, ulong lastMissing) : EventArgs
{
    /// <summary>The stream.</summary>
    public ushort StreamId { get; } = streamId;

    /// <summary>The symbol.</summary>
    public string Symbol { get; } = symbol;

    /// <summary>The class of the lost frames.</summary>
    public TickKind Kind { get; } = kind;

    /// <summary>The first lost symbol sequence.</summary>
    public ulong FirstMissing { get; } = firstMissing;

    /// <summary>The last lost symbol sequence.</summary>
    public ulong LastMissing { get; } = lastMissing;

    /// <summary>How many frames were lost.</summary>
    public ulong MissingCount => LastMissing - FirstMissing + 1;

    /// <inheritdoc/>
    public override string ToString() =>
        $"stream {StreamId} {Kind} {Symbol}: lost {FirstMissing}..{LastMissing} ({MissingCount})";
}
