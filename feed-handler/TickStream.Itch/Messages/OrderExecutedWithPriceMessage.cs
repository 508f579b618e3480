using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace TickStream.Itch.Messages;

/// <summary>Order Executed With Price message (C): an execution at a price other than the order's own. A zero-copy view over the message bytes (type byte first, no length prefix).</summary>
public readonly ref struct OrderExecutedWithPriceMessage
{
    /// <summary>The message type byte.</summary>
    public const byte Type = (byte)'C';

    /// <summary>Length in bytes including the type byte.</summary>
    public const int Length = 36;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>Wraps <paramref name="buffer"/>, which must hold at least <see cref="Length"/> bytes.</summary>
    /// <param name="buffer">The message, starting at its type byte.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public OrderExecutedWithPriceMessage(ReadOnlySpan<byte> buffer)
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

    /// <summary>Reference number of the resting order. (offset 11, 8 bytes, Integer)</summary>
    public ulong OrderReferenceNumber => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(11));

    /// <summary>Number of shares executed. (offset 19, 4 bytes, Integer)</summary>
    public uint ExecutedShares => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(19));

    /// <summary>Day-unique match number of the execution. (offset 23, 8 bytes, Integer)</summary>
    public ulong MatchNumber => BinaryPrimitives.ReadUInt64BigEndian(_buffer.Slice(23));

    /// <summary>Y when the execution counts toward volume, N when it is reported elsewhere (e.g. by a cross trade). (offset 31, 1 byte, Alpha)</summary>
    public byte Printable => _buffer[31];

    /// <summary>Execution price as sent: Price(4), four implied decimals (offset 32, 4 bytes).</summary>
    public uint ExecutionPrice => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(32));

    /// <summary>Execution price as a mantissa with exponent -9.</summary>
    public long ExecutionPriceE9 => ItchPrice.Price4ToE9(ExecutionPrice);
}
