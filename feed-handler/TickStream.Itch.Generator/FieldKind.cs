namespace TickStream.Itch.Generator;

/// <summary>How a field's bytes are read and which convenience members it adds.</summary>
internal enum FieldKind
{
    /// <summary>Big-endian unsigned integer of 2, 4 or 8 bytes.</summary>
    Integer,

    /// <summary>ASCII, left-justified and space-padded: one byte as a byte, more as the bytes.</summary>
    Alpha,

    /// <summary>The 6-byte nanoseconds-since-midnight timestamp at offset 5.</summary>
    Timestamp,

    /// <summary>The 8-byte symbol; adds the symbol without its padding.</summary>
    Stock,

    /// <summary>The 1-byte Buy/Sell indicator; adds the side as an enum.</summary>
    Side,

    /// <summary>Price(4): four implied decimals; adds the price with exponent -9.</summary>
    Price4,

    /// <summary>Price(8): eight implied decimals; adds the price with exponent -9.</summary>
    Price8,
}
