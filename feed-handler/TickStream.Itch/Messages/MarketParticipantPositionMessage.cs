using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace TickStream.Itch.Messages;

/// <summary>Market Participant Position message (L): a market maker's status in one stock. A zero-copy view over the message bytes (type byte first, no length prefix).</summary>
public readonly ref struct MarketParticipantPositionMessage
{
    /// <summary>The message type byte.</summary>
    public const byte Type = (byte)'L';

    /// <summary>Length in bytes including the type byte.</summary>
    public const int Length = 26;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>Wraps <paramref name="buffer"/>, which must hold at least <see cref="Length"/> bytes.</summary>
    /// <param name="buffer">The message, starting at its type byte.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MarketParticipantPositionMessage(ReadOnlySpan<byte> buffer)
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

    /// <summary>Market participant identifier. (offset 11, 4 bytes, Alpha)</summary>
    public ReadOnlySpan<byte> Mpid => _buffer.Slice(11, 4);

    /// <summary>Security symbol, right-padded with spaces. (offset 15, 8 bytes, Alpha)</summary>
    public ReadOnlySpan<byte> Stock => _buffer.Slice(15, 8);

    /// <summary>The symbol without its right padding.</summary>
    public ReadOnlySpan<byte> StockTrimmed => ItchAlpha.TrimEnd(_buffer.Slice(15, 8));

    /// <summary>Y primary market maker, N not. (offset 23, 1 byte, Alpha)</summary>
    public byte PrimaryMarketMaker => _buffer[23];

    /// <summary>N normal, P passive, S syndicate, R pre-syndicate, L penalty. (offset 24, 1 byte, Alpha)</summary>
    public byte MarketMakerMode => _buffer[24];

    /// <summary>A active, E excused, W withdrawn, S suspended, D deleted. (offset 25, 1 byte, Alpha)</summary>
    public byte MarketParticipantState => _buffer[25];
}
