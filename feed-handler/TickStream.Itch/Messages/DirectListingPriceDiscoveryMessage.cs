using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace TickStream.Itch.Messages;

/// <summary>Direct Listing with Capital Raise Price Discovery message (O). A zero-copy view over the message bytes (type byte first, no length prefix).</summary>
public readonly ref struct DirectListingPriceDiscoveryMessage
{
    /// <summary>The message type byte.</summary>
    public const byte Type = (byte)'O';

    /// <summary>Length in bytes including the type byte.</summary>
    public const int Length = 48;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>Wraps <paramref name="buffer"/>, which must hold at least <see cref="Length"/> bytes.</summary>
    /// <param name="buffer">The message, starting at its type byte.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public DirectListingPriceDiscoveryMessage(ReadOnlySpan<byte> buffer)
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

    /// <summary>Security symbol, right-padded with spaces. (offset 11, 8 bytes, Alpha)</summary>
    public ReadOnlySpan<byte> Stock => _buffer.Slice(11, 8);

    /// <summary>The symbol without its right padding.</summary>
    public ReadOnlySpan<byte> StockTrimmed => ItchAlpha.TrimEnd(_buffer.Slice(11, 8));

    /// <summary>N not eligible, Y eligible to open. (offset 19, 1 byte, Alpha)</summary>
    public byte OpenEligibilityStatus => _buffer[19];

    /// <summary>Minimum allowable price as sent: Price(4), four implied decimals (offset 20, 4 bytes).</summary>
    public uint MinimumAllowablePrice => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(20));

    /// <summary>Minimum allowable price as a mantissa with exponent -9.</summary>
    public long MinimumAllowablePriceE9 => ItchPrice.Price4ToE9(MinimumAllowablePrice);

    /// <summary>Maximum allowable price as sent: Price(4), four implied decimals (offset 24, 4 bytes).</summary>
    public uint MaximumAllowablePrice => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(24));

    /// <summary>Maximum allowable price as a mantissa with exponent -9.</summary>
    public long MaximumAllowablePriceE9 => ItchPrice.Price4ToE9(MaximumAllowablePrice);

    /// <summary>Near execution price as sent: Price(4), four implied decimals (offset 28, 4 bytes).</summary>
    public uint NearExecutionPrice => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(28));

    /// <summary>Near execution price as a mantissa with exponent -9.</summary>
    public long NearExecutionPriceE9 => ItchPrice.Price4ToE9(NearExecutionPrice);

    /// <summary>Time at which the near execution price was set. (offset 32, 8 bytes, Integer)</summary>
    public ulong NearExecutionTime => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(32));

    /// <summary>Lower price range collar as sent: Price(4), four implied decimals (offset 40, 4 bytes).</summary>
    public uint LowerPriceRangeCollar => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(40));

    /// <summary>Lower price range collar as a mantissa with exponent -9.</summary>
    public long LowerPriceRangeCollarE9 => ItchPrice.Price4ToE9(LowerPriceRangeCollar);

    /// <summary>Upper price range collar as sent: Price(4), four implied decimals (offset 44, 4 bytes).</summary>
    public uint UpperPriceRangeCollar => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(44));

    /// <summary>Upper price range collar as a mantissa with exponent -9.</summary>
    public long UpperPriceRangeCollarE9 => ItchPrice.Price4ToE9(UpperPriceRangeCollar);
}
