using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace TickStream.Itch.Messages;

/// <summary>Order Delete message (D): an order removed from the book. A zero-copy view over the message bytes (type byte first, no length prefix).</summary>
public readonly ref struct OrderDeleteMessage
{
    /// <summary>The message type byte.</summary>
    public const byte Type = (byte)'D';

    /// <summary>Length in bytes including the type byte.</summary>
    public const int Length = 19;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>Wraps <paramref name="buffer"/>, which must hold at least <see cref="Length"/> bytes.</summary>
    /// <param name="buffer">The message, starting at its type byte.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public OrderDeleteMessage(ReadOnlySpan<byte> buffer)
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

    /// <summary>Reference number of the order to remove. (offset 11, 8 bytes, Integer)</summary>
    public ulong OrderReferenceNumber => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(11));
}
