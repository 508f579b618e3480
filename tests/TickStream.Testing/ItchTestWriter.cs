using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace TickStream.Testing;

/// <summary>
/// Writes ITCH 5.0 BinaryFILE bytes (2-byte big-endian length, then the message) field by field in the order and
/// with the sizes of the specification's field tables. Each message checks that its fields add up to the spec length.
/// </summary>
public sealed class ItchTestWriter
{
    private readonly ArrayBufferWriter<byte> _output = new();

    public ushort TrackingNumber { get; set; }

    public int Length => _output.WrittenCount;

    public byte[] ToArray() => _output.WrittenSpan.ToArray();

    /// <summary>Appends raw bytes (for malformed input).</summary>
    public ItchTestWriter Raw(ReadOnlySpan<byte> bytes)
    {
        _output.Write(bytes);
        return this;
    }

    /// <summary>Appends a length prefix and then <paramref name="message"/> as is.</summary>
    public ItchTestWriter Frame(ReadOnlySpan<byte> message)
    {
        Span<byte> prefix = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(prefix, (ushort)message.Length);
        _output.Write(prefix);
        _output.Write(message);
        return this;
    }

    public ItchTestWriter SystemEvent(long timestamp, char eventCode) =>
        Message('S', 12, 0, timestamp, m => m.Char(eventCode));

    public ItchTestWriter StockDirectory(
        ushort locate,
        long timestamp,
        string stock,
        char marketCategory = 'Q',
        char financialStatus = 'N',
        uint roundLotSize = 100,
        char roundLotsOnly = 'N',
        char issueClassification = 'C',
        string issueSubType = "Z ",
        char authenticity = 'P',
        char shortSaleThreshold = 'N',
        char ipoFlag = 'N',
        char luldTier = '1',
        char etpFlag = 'N',
        uint etpLeverageFactor = 0,
        char inverse = 'N') =>
        Message('R', 39, locate, timestamp, m => m
            .Alpha(stock, 8)
            .Char(marketCategory)
            .Char(financialStatus)
            .U32(roundLotSize)
            .Char(roundLotsOnly)
            .Char(issueClassification)
            .Alpha(issueSubType, 2)
            .Char(authenticity)
            .Char(shortSaleThreshold)
            .Char(ipoFlag)
            .Char(luldTier)
            .Char(etpFlag)
            .U32(etpLeverageFactor)
            .Char(inverse));

    public ItchTestWriter StockTradingAction(ushort locate, long timestamp, string stock, char tradingState, string reason) =>
        Message('H', 25, locate, timestamp, m => m.Alpha(stock, 8).Char(tradingState).Char(' ').Alpha(reason, 4));

    public ItchTestWriter RegSho(ushort locate, long timestamp, string stock, char action) =>
        Message('Y', 20, locate, timestamp, m => m.Alpha(stock, 8).Char(action));

    public ItchTestWriter MarketParticipantPosition(ushort locate, long timestamp, string mpid, string stock, char primary, char mode, char state) =>
        Message('L', 26, locate, timestamp, m => m.Alpha(mpid, 4).Alpha(stock, 8).Char(primary).Char(mode).Char(state));

    public ItchTestWriter MwcbDeclineLevel(long timestamp, ulong level1, ulong level2, ulong level3) =>
        Message('V', 35, 0, timestamp, m => m.U64(level1).U64(level2).U64(level3));

    public ItchTestWriter MwcbStatus(long timestamp, char breachedLevel) =>
        Message('W', 12, 0, timestamp, m => m.Char(breachedLevel));

    public ItchTestWriter IpoQuotingPeriodUpdate(ushort locate, long timestamp, string stock, uint releaseTime, char qualifier, uint ipoPrice) =>
        Message('K', 28, locate, timestamp, m => m.Alpha(stock, 8).U32(releaseTime).Char(qualifier).U32(ipoPrice));

    public ItchTestWriter LuldAuctionCollar(ushort locate, long timestamp, string stock, uint reference, uint upper, uint lower, uint extension) =>
        Message('J', 35, locate, timestamp, m => m.Alpha(stock, 8).U32(reference).U32(upper).U32(lower).U32(extension));

    public ItchTestWriter OperationalHalt(ushort locate, long timestamp, string stock, char marketCode, char action) =>
        Message('h', 21, locate, timestamp, m => m.Alpha(stock, 8).Char(marketCode).Char(action));

    public ItchTestWriter AddOrder(ushort locate, long timestamp, ulong reference, char side, uint shares, string stock, uint price) =>
        Message('A', 36, locate, timestamp, m => m.U64(reference).Char(side).U32(shares).Alpha(stock, 8).U32(price));

    public ItchTestWriter AddOrderMpid(ushort locate, long timestamp, ulong reference, char side, uint shares, string stock, uint price, string attribution) =>
        Message('F', 40, locate, timestamp, m => m.U64(reference).Char(side).U32(shares).Alpha(stock, 8).U32(price).Alpha(attribution, 4));

    public ItchTestWriter OrderExecuted(ushort locate, long timestamp, ulong reference, uint shares, ulong matchNumber) =>
        Message('E', 31, locate, timestamp, m => m.U64(reference).U32(shares).U64(matchNumber));

    public ItchTestWriter OrderExecutedWithPrice(ushort locate, long timestamp, ulong reference, uint shares, ulong matchNumber, char printable, uint price) =>
        Message('C', 36, locate, timestamp, m => m.U64(reference).U32(shares).U64(matchNumber).Char(printable).U32(price));

    public ItchTestWriter OrderCancel(ushort locate, long timestamp, ulong reference, uint shares) =>
        Message('X', 23, locate, timestamp, m => m.U64(reference).U32(shares));

    public ItchTestWriter OrderDelete(ushort locate, long timestamp, ulong reference) =>
        Message('D', 19, locate, timestamp, m => m.U64(reference));

    public ItchTestWriter OrderReplace(ushort locate, long timestamp, ulong original, ulong replacement, uint shares, uint price) =>
        Message('U', 35, locate, timestamp, m => m.U64(original).U64(replacement).U32(shares).U32(price));

    public ItchTestWriter Trade(ushort locate, long timestamp, ulong reference, char side, uint shares, string stock, uint price, ulong matchNumber) =>
        Message('P', 44, locate, timestamp, m => m.U64(reference).Char(side).U32(shares).Alpha(stock, 8).U32(price).U64(matchNumber));

    public ItchTestWriter CrossTrade(ushort locate, long timestamp, ulong shares, string stock, uint price, ulong matchNumber, char crossType) =>
        Message('Q', 40, locate, timestamp, m => m.U64(shares).Alpha(stock, 8).U32(price).U64(matchNumber).Char(crossType));

    public ItchTestWriter BrokenTrade(ushort locate, long timestamp, ulong matchNumber) =>
        Message('B', 19, locate, timestamp, m => m.U64(matchNumber));

    public ItchTestWriter Noii(
        ushort locate, long timestamp, ulong paired, ulong imbalance, char direction, string stock, uint far, uint near, uint reference, char crossType, char variation) =>
        Message('I', 50, locate, timestamp, m => m
            .U64(paired).U64(imbalance).Char(direction).Alpha(stock, 8).U32(far).U32(near).U32(reference).Char(crossType).Char(variation));

    public ItchTestWriter Rpii(ushort locate, long timestamp, string stock, char interest) =>
        Message('N', 20, locate, timestamp, m => m.Alpha(stock, 8).Char(interest));

    public ItchTestWriter DirectListing(
        ushort locate, long timestamp, string stock, char eligibility, uint min, uint max, uint nearPrice, ulong nearTime, uint lowerCollar, uint upperCollar) =>
        Message('O', 48, locate, timestamp, m => m
            .Alpha(stock, 8).Char(eligibility).U32(min).U32(max).U32(nearPrice).U64(nearTime).U32(lowerCollar).U32(upperCollar));

    private ItchTestWriter Message(char type, int length, ushort locate, long timestamp, Func<FieldCursor, FieldCursor> body)
    {
        var bytes = new byte[length];
        var cursor = new FieldCursor(bytes)
            .Char(type)
            .U16(locate)
            .U16(TrackingNumber)
            .Timestamp(timestamp);
        cursor = body(cursor);
        if (cursor.Position != length)
        {
            throw new InvalidOperationException($"message '{type}' fields add up to {cursor.Position} bytes, the spec says {length}");
        }

        return Frame(bytes);
    }

    /// <summary>Writes big-endian fields one after another.</summary>
    private readonly struct FieldCursor(byte[] buffer, int position = 0)
    {
        public int Position => position;

        public FieldCursor Char(char value)
        {
            buffer[position] = checked((byte)value);
            return new FieldCursor(buffer, position + 1);
        }

        public FieldCursor U16(ushort value)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(position), value);
            return new FieldCursor(buffer, position + 2);
        }

        public FieldCursor U32(uint value)
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(position), value);
            return new FieldCursor(buffer, position + 4);
        }

        public FieldCursor U64(ulong value)
        {
            BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(position), value);
            return new FieldCursor(buffer, position + 8);
        }

        public FieldCursor Timestamp(long nanosSinceMidnight)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(position), (ushort)(nanosSinceMidnight >> 32));
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(position + 2), (uint)nanosSinceMidnight);
            return new FieldCursor(buffer, position + 6);
        }

        public FieldCursor Alpha(string value, int size)
        {
            if (value.Length > size)
            {
                throw new ArgumentException($"'{value}' is longer than {size}", nameof(value));
            }

            var field = buffer.AsSpan(position, size);
            field.Fill((byte)' ');
            Encoding.ASCII.GetBytes(value, field);
            return new FieldCursor(buffer, position + size);
        }
    }
}
