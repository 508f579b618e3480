using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace TickStream.Itch.Messages;

/// <summary>Order Replace message (U): an order replaced by a new one (new reference, shares and price; same side and stock; loses time priority). A zero-copy view over the message bytes (type byte first, no length prefix).</summary>
public readonly ref struct OrderReplaceMessage
{
    /// <summary>The message type byte.</summary>
    public const byte Type = (byte)'U';

    /// <summary>Length in bytes including the type byte.</summary>
    public const int Length = 35;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>Wraps <paramref name="buffer"/>, which must hold at least <see cref="Length"/> bytes.</summary>
    /// <param name="buffer">The message, starting at its type byte.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public OrderReplaceMessage(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < Length)
        {
            ItchThrow.MessageTooShort(Type, Length, buffer.Length);
        }

        _buffer = buffer;
    }

    /// <summary>The raw message bytes.</summary>
    public ReadOnlySpan<byte> Buffer => _buffer;

    /// <summary>Locate code of the stock (0 for market-wide messages) (offset 1, 2 bytes).</summary>
    public ushort StockLocate => BinaryPrimitives.ReadUInt16BigEndian(_buffer.Slice(1));

    /// <summary>Nasdaq internal tracking number (offset 3, 2 bytes).</summary>
    public ushort TrackingNumber => BinaryPrimitives.ReadUInt16BigEndian(_buffer.Slice(3));

    /// <summary>Nanoseconds since midnight (offset 5, 6 bytes).</summary>
    public long Timestamp => ItchTimestamp.Read(_buffer);

    /// <summary>Reference number of the order being replaced. (offset 11, 8 bytes, Integer)</summary>
    public ulong OriginalOrderReferenceNumber => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(11));

    /// <summary>Reference number of the replacing order. (offset 19, 8 bytes, Integer)</summary>
    public ulong NewOrderReferenceNumber => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(19));

    /// <summary>Displayed shares of the replacing order. (offset 27, 4 bytes, Integer)</summary>
    public uint Shares => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(27));

    /// <summary>Limit price of the replacing order as sent: Price(4), four implied decimals (offset 31, 4 bytes).</summary>
    public uint Price => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(31));

    /// <summary>Limit price of the replacing order as a mantissa with exponent -9.</summary>
    public long PriceE9 => ItchPrice.Price4ToE9(Price);
}
