namespace TickStream.Sources;

/// <summary>What a <see cref="RawTick"/> carries.</summary>
public enum TickKind : byte
{
    /// <summary>A trade: price, size, aggressor side and trade id are set.</summary>
    Trade = 1,

    /// <summary>A top-of-book quote: bid and ask price and size are set.</summary>
    Quote = 2,
}
