using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace TickStream.Itch.Messages;

/// <summary>Cross Trade message (Q): the bulk print of an opening, closing, halt/IPO or intraday cross. A zero-copy view over the message bytes (type byte first, no length prefix).</summary>
public readonly ref struct CrossTradeMessage
{
    /// <summary>The message type byte.</summary>
    public const byte Type = (byte)'Q';

    /// <summary>Length in bytes including the type byte.</summary>
    public const int Length = 40;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>Wraps <paramref name="buffer"/>, which must hold at least <see cref="Length"/> bytes.</summary>
    /// <param name="buffer">The message, starting at its type byte.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public CrossTradeMessage(ReadOnlySpan<byte> buffer)
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

    /// <summary>Number of shares matched in the cross. (offset 11, 8 bytes, Integer)</summary>
    public ulong Shares => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(11));

    /// <summary>Security symbol, right-padded with spaces. (offset 19, 8 bytes, Alpha)</summary>
    public ReadOnlySpan<byte> Stock => _buffer.Slice(19, 8);

    /// <summary>The symbol without its right padding.</summary>
    public ReadOnlySpan<byte> StockTrimmed => ItchAlpha.TrimEnd(_buffer.Slice(19, 8));

    /// <summary>Cross price as sent: Price(4), four implied decimals (offset 27, 4 bytes).</summary>
    public uint CrossPrice => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(27));

    /// <summary>Cross price as a mantissa with exponent -9.</summary>
    public long CrossPriceE9 => ItchPrice.Price4ToE9(CrossPrice);

    /// <summary>Day-unique match number of the cross. (offset 31, 8 bytes, Integer)</summary>
    public ulong MatchNumber => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(31));

    /// <summary>O opening, C closing, H halt or IPO, I intraday or post-close. (offset 39, 1 byte, Alpha)</summary>
    public byte CrossType => _buffer[39];
}
