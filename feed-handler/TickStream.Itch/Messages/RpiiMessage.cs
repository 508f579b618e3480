using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace TickStream.Itch.Messages;

/// <summary>Retail Price Improvement Indicator message (N): retail interest on one or both sides. A zero-copy view over the message bytes (type byte first, no length prefix).</summary>
public readonly ref struct RpiiMessage
{
    /// <summary>The message type byte.</summary>
    public const byte Type = (byte)'N';

    /// <summary>Length in bytes including the type byte.</summary>
    public const int Length = 20;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>Wraps <paramref name="buffer"/>, which must hold at least <see cref="Length"/> bytes.</summary>
    /// <param name="buffer">The message, starting at its type byte.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RpiiMessage(ReadOnlySpan<byte> buffer)
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

    /// <summary>B buy side, S sell side, A both sides, N none. (offset 19, 1 byte, Alpha)</summary>
    public byte InterestFlag => _buffer[19];
}
