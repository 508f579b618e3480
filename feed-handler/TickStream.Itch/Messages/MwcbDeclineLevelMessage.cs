using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace TickStream.Itch.Messages;

/// <summary>Market-Wide Circuit Breaker Decline Level message (V): the day's three breach levels, Price(8). A zero-copy view over the message bytes (type byte first, no length prefix).</summary>
public readonly ref struct MwcbDeclineLevelMessage
{
    /// <summary>The message type byte.</summary>
    public const byte Type = (byte)'V';

    /// <summary>Length in bytes including the type byte.</summary>
    public const int Length = 35;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>Wraps <paramref name="buffer"/>, which must hold at least <see cref="Length"/> bytes.</summary>
    /// <param name="buffer">The message, starting at its type byte.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MwcbDeclineLevelMessage(ReadOnlySpan<byte> buffer)
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

    /// <summary>Level 1 decline level as sent: Price(8), eight implied decimals (offset 11, 8 bytes).</summary>
    public ulong Level1 => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(11));

    /// <summary>Level 1 decline level as a mantissa with exponent -9.</summary>
    public long Level1E9 => ItchPrice.Price8ToE9(Level1);

    /// <summary>Level 2 decline level as sent: Price(8), eight implied decimals (offset 19, 8 bytes).</summary>
    public ulong Level2 => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(19));

    /// <summary>Level 2 decline level as a mantissa with exponent -9.</summary>
    public long Level2E9 => ItchPrice.Price8ToE9(Level2);

    /// <summary>Level 3 decline level as sent: Price(8), eight implied decimals (offset 27, 8 bytes).</summary>
    public ulong Level3 => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(27));

    /// <summary>Level 3 decline level as a mantissa with exponent -9.</summary>
    public long Level3E9 => ItchPrice.Price8ToE9(Level3);
}
