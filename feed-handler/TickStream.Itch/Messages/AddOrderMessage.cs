using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace TickStream.Itch.Messages;

/// <summary>Add Order - No MPID Attribution message (A): a new displayed order on the book. A zero-copy view over the message bytes (type byte first, no length prefix).</summary>
public readonly ref struct AddOrderMessage
{
    /// <summary>The message type byte.</summary>
    public const byte Type = (byte)'A';

    /// <summary>Length in bytes including the type byte.</summary>
    public const int Length = 36;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>Wraps <paramref name="buffer"/>, which must hold at least <see cref="Length"/> bytes.</summary>
    /// <param name="buffer">The message, starting at its type byte.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public AddOrderMessage(ReadOnlySpan<byte> buffer)
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

    /// <summary>Day-unique reference number of the new order. (offset 11, 8 bytes, Integer)</summary>
    public ulong OrderReferenceNumber => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(11));

    /// <summary>Side of the order: B buy, S sell. (offset 19, 1 byte, Alpha)</summary>
    public byte BuySellIndicator => _buffer[19];

    /// <summary>The side as an enum; <see cref="ItchSide.None"/> for a byte other than B or S.</summary>
    public ItchSide Side => ItchSides.FromByte(_buffer[19]);

    /// <summary>Displayed shares of the order. (offset 20, 4 bytes, Integer)</summary>
    public uint Shares => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(20));

    /// <summary>Security symbol, right-padded with spaces. (offset 24, 8 bytes, Alpha)</summary>
    public ReadOnlySpan<byte> Stock => _buffer.Slice(24, 8);

    /// <summary>The symbol without its right padding.</summary>
    public ReadOnlySpan<byte> StockTrimmed => ItchAlpha.TrimEnd(_buffer.Slice(24, 8));

    /// <summary>Limit price as sent: Price(4), four implied decimals (offset 32, 4 bytes).</summary>
    public uint Price => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(32));

    /// <summary>Limit price as a mantissa with exponent -9.</summary>
    public long PriceE9 => ItchPrice.Price4ToE9(Price);
}
