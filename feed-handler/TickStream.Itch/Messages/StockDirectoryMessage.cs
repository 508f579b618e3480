using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace TickStream.Itch.Messages;

/// <summary>Stock Directory message (R): the symbol and listing attributes behind a stock locate code. A zero-copy view over the message bytes (type byte first, no length prefix).</summary>
public readonly ref struct StockDirectoryMessage
{
    /// <summary>The message type byte.</summary>
    public const byte Type = (byte)'R';

    /// <summary>Length in bytes including the type byte.</summary>
    public const int Length = 39;

    private readonly ReadOnlySpan<byte> _buffer;

    /// <summary>Wraps <paramref name="buffer"/>, which must hold at least <see cref="Length"/> bytes.</summary>
    /// <param name="buffer">The message, starting at its type byte.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public StockDirectoryMessage(ReadOnlySpan<byte> buffer)
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

    /// <summary>Listing market: Q, G, S (Nasdaq tiers), N, A, P, Z, V, or space. (offset 19, 1 byte, Alpha)</summary>
    public byte MarketCategory => _buffer[19];

    /// <summary>Financial status of a Nasdaq-listed issue (D, E, Q, S, G, H, J, K, C, N or space). (offset 20, 1 byte, Alpha)</summary>
    public byte FinancialStatusIndicator => _buffer[20];

    /// <summary>Number of shares in a round lot. (offset 21, 4 bytes, Integer)</summary>
    public uint RoundLotSize => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(21));

    /// <summary>Y when only round lots are accepted, N otherwise. (offset 25, 1 byte, Alpha)</summary>
    public byte RoundLotsOnly => _buffer[25];

    /// <summary>Security class (A, B, C, F, I, L, M, O, P, Q, R, S, T, U, V, W). (offset 26, 1 byte, Alpha)</summary>
    public byte IssueClassification => _buffer[26];

    /// <summary>Two-character issue sub-type. (offset 27, 2 bytes, Alpha)</summary>
    public ReadOnlySpan<byte> IssueSubType => _buffer.Slice(27, 2);

    /// <summary>P for live production, T for test. (offset 29, 1 byte, Alpha)</summary>
    public byte Authenticity => _buffer[29];

    /// <summary>Y restricted, N not restricted, space not available. (offset 30, 1 byte, Alpha)</summary>
    public byte ShortSaleThresholdIndicator => _buffer[30];

    /// <summary>Y new IPO, N not, space not available. (offset 31, 1 byte, Alpha)</summary>
    public byte IpoFlag => _buffer[31];

    /// <summary>LULD tier: 1, 2, or space. (offset 32, 1 byte, Alpha)</summary>
    public byte LuldReferencePriceTier => _buffer[32];

    /// <summary>Y exchange traded product, N not, space not available. (offset 33, 1 byte, Alpha)</summary>
    public byte EtpFlag => _buffer[33];

    /// <summary>Leverage factor of an ETP (integer). (offset 34, 4 bytes, Integer)</summary>
    public uint EtpLeverageFactor => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(34));

    /// <summary>Y inverse ETP, N not. (offset 38, 1 byte, Alpha)</summary>
    public byte InverseIndicator => _buffer[38];
}
