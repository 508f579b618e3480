namespace TickStream.Itch;

/// <summary>Side of an order or of the aggressor in a trade.</summary>
public enum ItchSide : byte
{
    /// <summary>Not known or not applicable (e.g. a cross).</summary>
    None = 0,

    /// <summary>Buy (bid).</summary>
    Buy = 1,

    /// <summary>Sell (offer).</summary>
    Sell = 2,
}
