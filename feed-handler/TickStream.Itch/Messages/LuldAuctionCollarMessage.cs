using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace TickStream.Itch.Messages;

/// <summary>LULD Auction Collar message (J): auction collar thresholds of a paused security. A zero-copy view over the message bytes (type byte first, no length prefix).</summary>
public readonly ref struct LuldAuctionCollarMessage
{
    /// <summary>The message type byte.</summary>
    public const byte Type = (byte)'J';

    /// <summary>Length in bytes including the type byte.</summary>
    public const int Length = 35;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>Wraps <paramref name="buffer"/>, which must hold at least <see cref="Length"/> bytes.</summary>
    /// <param name="buffer">The message, starting at its type byte.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public LuldAuctionCollarMessage(ReadOnlySpan<byte> buffer)
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

    /// <summary>Auction collar reference price as sent: Price(4), four implied decimals (offset 19, 4 bytes).</summary>
    public uint AuctionCollarReferencePrice => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(19));

    /// <summary>Auction collar reference price as a mantissa with exponent -9.</summary>
    public long AuctionCollarReferencePriceE9 => ItchPrice.Price4ToE9(AuctionCollarReferencePrice);

    /// <summary>Upper auction collar price as sent: Price(4), four implied decimals (offset 23, 4 bytes).</summary>
    public uint UpperAuctionCollarPrice => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(23));

    /// <summary>Upper auction collar price as a mantissa with exponent -9.</summary>
    public long UpperAuctionCollarPriceE9 => ItchPrice.Price4ToE9(UpperAuctionCollarPrice);

    /// <summary>Lower auction collar price as sent: Price(4), four implied decimals (offset 27, 4 bytes).</summary>
    public uint LowerAuctionCollarPrice => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(27));

    /// <summary>Lower auction collar price as a mantissa with exponent -9.</summary>
    public long LowerAuctionCollarPriceE9 => ItchPrice.Price4ToE9(LowerAuctionCollarPrice);

    /// <summary>Number of times the halt has been extended. (offset 31, 4 bytes, Integer)</summary>
    public uint AuctionCollarExtension => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(31));
}
