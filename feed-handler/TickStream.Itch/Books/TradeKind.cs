namespace TickStream.Itch.Books;

/// <summary>Which ITCH message a trade came from.</summary>
public enum TradeKind : byte
{
    /// <summary>Order Executed (E): a displayed order executed at its own price.</summary>
    Execution = 0,

    /// <summary>Order Executed With Price (C), printable.</summary>
    ExecutionWithPrice = 1,

    /// <summary>Trade, non-cross (P): an execution against a non-displayed order.</summary>
    NonCross = 2,

    /// <summary>Cross Trade (Q): an auction print.</summary>
    Cross = 3,
}
