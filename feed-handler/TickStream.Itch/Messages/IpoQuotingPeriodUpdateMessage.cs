using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace TickStream.Itch.Messages;

/// <summary>IPO Quoting Period Update message (K): anticipated quotation release time of an IPO. A zero-copy view over the message bytes (type byte first, no length prefix).</summary>
public readonly ref struct IpoQuotingPeriodUpdateMessage
{
    /// <summary>The message type byte.</summary>
    public const byte Type = (byte)'K';

    /// <summary>Length in bytes including the type byte.</summary>
    public const int Length = 28;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>Wraps <paramref name="buffer"/>, which must hold at least <see cref="Length"/> bytes.</summary>
    /// <param name="buffer">The message, starting at its type byte.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public IpoQuotingPeriodUpdateMessage(ReadOnlySpan<byte> buffer)
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

    /// <summary>Anticipated quotation release time, in seconds since midnight. (offset 19, 4 bytes, Integer)</summary>
    public uint IpoQuotationReleaseTime => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(19));

    /// <summary>A anticipated release time, C IPO release canceled or postponed. (offset 23, 1 byte, Alpha)</summary>
    public byte IpoQuotationReleaseQualifier => _buffer[23];

    /// <summary>IPO price as sent: Price(4), four implied decimals (offset 24, 4 bytes).</summary>
    public uint IpoPrice => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(24));

    /// <summary>IPO price as a mantissa with exponent -9.</summary>
    public long IpoPriceE9 => ItchPrice.Price4ToE9(IpoPrice);
}
