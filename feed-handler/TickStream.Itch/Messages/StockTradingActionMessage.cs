using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace TickStream.Itch.Messages;

/// <summary>Stock Trading Action message (H): trading state of one stock (halted, paused, quotation only, trading). A zero-copy view over the message bytes (type byte first, no length prefix).</summary>
public readonly ref struct StockTradingActionMessage
{
    /// <summary>The message type byte.</summary>
    public const byte Type = (byte)'H';

    /// <summary>Length in bytes including the type byte.</summary>
    public const int Length = 25;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>Wraps <paramref name="buffer"/>, which must hold at least <see cref="Length"/> bytes.</summary>
    /// <param name="buffer">The message, starting at its type byte.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public StockTradingActionMessage(ReadOnlySpan<byte> buffer)
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

    /// <summary>H halted, P paused, Q quotation only, T trading. (offset 19, 1 byte, Alpha)</summary>
    public byte TradingState => _buffer[19];

    /// <summary>Reserved byte. (offset 20, 1 byte, Alpha)</summary>
    public byte Reserved => _buffer[20];

    /// <summary>Trading action reason code. (offset 21, 4 bytes, Alpha)</summary>
    public ReadOnlySpan<byte> Reason => _buffer.Slice(21, 4);
}
