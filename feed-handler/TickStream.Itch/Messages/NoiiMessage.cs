using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace TickStream.Itch.Messages;

/// <summary>Net Order Imbalance Indicator message (I): auction imbalance information before a cross. A zero-copy view over the message bytes (type byte first, no length prefix).</summary>
public readonly ref struct NoiiMessage
{
    /// <summary>The message type byte.</summary>
    public const byte Type = (byte)'I';

    /// <summary>Length in bytes including the type byte.</summary>
    public const int Length = 50;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>Wraps <paramref name="buffer"/>, which must hold at least <see cref="Length"/> bytes.</summary>
    /// <param name="buffer">The message, starting at its type byte.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public NoiiMessage(ReadOnlySpan<byte> buffer)
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

    /// <summary>Shares paired at the current reference price. (offset 11, 8 bytes, Integer)</summary>
    public ulong PairedShares => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(11));

    /// <summary>Shares not paired at the current reference price. (offset 19, 8 bytes, Integer)</summary>
    public ulong ImbalanceShares => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(19));

    /// <summary>B buy, S sell, N none, O insufficient orders to calculate, P paused. (offset 27, 1 byte, Alpha)</summary>
    public byte ImbalanceDirection => _buffer[27];

    /// <summary>Security symbol, right-padded with spaces. (offset 28, 8 bytes, Alpha)</summary>
    public ReadOnlySpan<byte> Stock => _buffer.Slice(28, 8);

    /// <summary>The symbol without its right padding.</summary>
    public ReadOnlySpan<byte> StockTrimmed => ItchAlpha.TrimEnd(_buffer.Slice(28, 8));

    /// <summary>Far price (cross of auction orders only) as sent: Price(4), four implied decimals (offset 36, 4 bytes).</summary>
    public uint FarPrice => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(36));

    /// <summary>Far price (cross of auction orders only) as a mantissa with exponent -9.</summary>
    public long FarPriceE9 => ItchPrice.Price4ToE9(FarPrice);

    /// <summary>Near price (cross of auction and continuous orders) as sent: Price(4), four implied decimals (offset 40, 4 bytes).</summary>
    public uint NearPrice => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(40));

    /// <summary>Near price (cross of auction and continuous orders) as a mantissa with exponent -9.</summary>
    public long NearPriceE9 => ItchPrice.Price4ToE9(NearPrice);

    /// <summary>Current reference price as sent: Price(4), four implied decimals (offset 44, 4 bytes).</summary>
    public uint CurrentReferencePrice => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(44));

    /// <summary>Current reference price as a mantissa with exponent -9.</summary>
    public long CurrentReferencePriceE9 => ItchPrice.Price4ToE9(CurrentReferencePrice);

    /// <summary>O opening, C closing, H halt or IPO, A extended trading close. (offset 48, 1 byte, Alpha)</summary>
    public byte CrossType => _buffer[48];

    /// <summary>Deviation of the near price from the reference price (L, 1-9, A, B, C or space). (offset 49, 1 byte, Alpha)</summary>
    public byte PriceVariationIndicator => _buffer[49];
}
