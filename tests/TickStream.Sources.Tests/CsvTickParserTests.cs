using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Xunit;

namespace TickStream.Sources.Tests;

public sealed class CsvTickParserTests
{
    private const string FullHeader = "time,symbol,type,price,size,side,bid,bid_size,ask,ask_size,trade_id";

    [Theory]
    [InlineData("1.5", 1_500_000_000L)]
    [InlineData("190", 190_000_000_000L)]
    [InlineData("190.", 190_000_000_000L)]
    [InlineData(".5", 500_000_000L)]
    [InlineData("0.000000001", 1L)]
    [InlineData("-2.25", -2_250_000_000L)]
    [InlineData("+3", 3_000_000_000L)]
    [InlineData("0", 0L)]
    [InlineData("1.1234567890000", 1_123_456_789L)]
    [InlineData("9223372036.854775807", long.MaxValue)]
    [InlineData("-9223372036.854775807", -long.MaxValue)]
    public void TryParsePrice9_ValidDecimal_ExactMantissa(string text, long expected)
    {
        Assert.True(CsvTickParser.TryParsePrice9(Encoding.ASCII.GetBytes(text), out var mantissa));
        Assert.Equal(expected, mantissa);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("1.0000000001")]
    [InlineData("1e5")]
    [InlineData("1,5")]
    [InlineData("1.2.3")]
    [InlineData("9223372037")]
    [InlineData("9223372036.854775808")]
    [InlineData("--1")]
    [InlineData(" 1")]
    public void TryParsePrice9_Invalid_Fails(string text)
    {
        Assert.False(CsvTickParser.TryParsePrice9(Encoding.ASCII.GetBytes(text), out _));
    }

    [Property(MaxTest = 2000)]
    public bool TryParsePrice9_FormattedMantissa_RoundTrips(DoNotSize<long> value, byte trim)
    {
        var mantissa = value.Item == long.MinValue ? long.MaxValue : value.Item;

        // Print the mantissa as a decimal with 9 places, then drop up to 9 trailing zeros (and the point).
        var magnitude = (ulong)Math.Abs(mantissa);
        var text = $"{(mantissa < 0 ? "-" : "")}{magnitude / 1_000_000_000}.{magnitude % 1_000_000_000:D9}";
        var drop = trim % 10;
        while (drop-- > 0 && text[^1] == '0')
        {
            text = text[..^1];
        }

        text = text.TrimEnd('.');
        return CsvTickParser.TryParsePrice9(Encoding.ASCII.GetBytes(text), out var parsed) && parsed == mantissa;
    }

    [Property(MaxTest = 2000)]
    public bool TryParsePrice9_AgreesWithDecimalOracle(DoNotSize<ulong> wholeSource, DoNotSize<uint> fractionSource, byte digitsSource, bool negative)
    {
        // Any digit string of up to 12 whole digits and 0..9 decimal places: exact when it fits, rejected when not.
        var whole = wholeSource.Item % 1_000_000_000_000UL;
        var digits = digitsSource % 10;
        var fraction = digits == 0 ? "" : (fractionSource.Item % (uint)Math.Pow(10, digits)).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
        var text = (negative ? "-" : "") + whole.ToString(CultureInfo.InvariantCulture) + (digits == 0 ? "" : "." + fraction);
        var exact = decimal.Parse(text, CultureInfo.InvariantCulture) * 1_000_000_000m;
        var fits = exact >= -long.MaxValue && exact <= long.MaxValue;

        var parsed = CsvTickParser.TryParsePrice9(Encoding.ASCII.GetBytes(text), out var mantissa);
        return fits ? parsed && mantissa == (long)exact : !parsed;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    public void TryParseTimestampNs_IsoWithFractionDigits_Exact(int fractionDigits)
    {
        var fraction = "123456789"[..fractionDigits];
        var text = "2024-03-01T14:30:00" + (fractionDigits == 0 ? "" : "." + fraction) + "Z";
        var expected = (new DateTime(2024, 3, 1, 14, 30, 0, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks * 100
            + (fractionDigits == 0 ? 0 : long.Parse(fraction.PadRight(9, '0'), CultureInfo.InvariantCulture));

        Assert.True(CsvTickParser.TryParseTimestampNs(Encoding.ASCII.GetBytes(text), out var ns));
        Assert.Equal(expected, ns);
    }

    [Theory]
    [InlineData("1970-01-01T00:00:00Z", 0L)]
    [InlineData("1970-01-01t00:00:01z", 1_000_000_000L)]
    [InlineData("1970-01-01 00:00:00.5+00:00", 500_000_000L)]
    [InlineData("2000-02-29T00:00:00Z", 951_782_400_000_000_000L)]
    [InlineData("2262-04-11T23:47:16.854775807Z", long.MaxValue)]
    [InlineData("1709303400123456789", 1_709_303_400_123_456_789L)]
    [InlineData("0", 0L)]
    public void TryParseTimestampNs_AcceptedForms(string text, long expected)
    {
        Assert.True(CsvTickParser.TryParseTimestampNs(Encoding.ASCII.GetBytes(text), out var ns));
        Assert.Equal(expected, ns);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2024-02-30T00:00:00Z")]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("1900-02-29T00:00:00Z")]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("2024-00-01T00:00:00Z")]
    [InlineData("2024-03-01T24:00:00Z")]
    [InlineData("2024-03-01T14:60:00Z")]
    [InlineData("2024-03-01T14:30:60Z")]
    [InlineData("1969-12-31T23:59:59Z")]
    [InlineData("2024-03-01T14:30:00.Z")]
    [InlineData("2024-03-01T14:30:00.1234567890Z")]
    [InlineData("2024-03-01T14:30:00")]
    [InlineData("2024-03-01T14:30:00+01:00")]
    [InlineData("2024-03-01X14:30:00Z")]
    [InlineData("2262-04-11T23:47:16.854775808Z")]
    [InlineData("9223372036854775808")]
    [InlineData("-5")]
    [InlineData("12:30")]
    public void TryParseTimestampNs_Invalid_Fails(string text)
    {
        Assert.False(CsvTickParser.TryParseTimestampNs(Encoding.ASCII.GetBytes(text), out _));
    }

    [Property(MaxTest = 2000)]
    public bool TryParseTimestampNs_IsoOfAnyInstant_RoundTrips(DoNotSize<long> source, byte digitsSource)
    {
        var ns = Math.Abs(source.Item % long.MaxValue);
        var digits = digitsSource % 10;
        var scale = (long)Math.Pow(10, 9 - digits);
        ns -= ns % 1_000_000_000 % scale; // keep only what the chosen number of digits can carry
        var time = DateTime.UnixEpoch.AddTicks(ns / 100);
        var fraction = (ns % 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture)[..digits];
        var text = time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + (digits == 0 ? "" : "." + fraction) + "Z";
        return CsvTickParser.TryParseTimestampNs(Encoding.ASCII.GetBytes(text), out var parsed) && parsed == ns;
    }

    [Fact]
    public void TryParse_TradeRow_AllFields()
    {
        var (parser, registry) = Create(FullHeader);
        var tick = default(RawTick);
        Assert.True(parser.TryParse("2024-03-01T14:30:00.5Z,AAPL,T,190.25,300,B,,,,,77\r"u8, ref tick, out var reason), reason);
        Assert.Equal(TickKind.Trade, tick.Kind);
        Assert.Equal("AAPL", registry.Get(tick.InstrumentId).Symbol);
        Assert.Equal(1_709_303_400_500_000_000L, tick.ExchangeTimeNs);
        Assert.Equal(190_250_000_000L, tick.Price);
        Assert.Equal(300, tick.Size);
        Assert.Equal(AggressorSide.Buy, tick.AggressorSide);
        Assert.Equal(77UL, tick.TradeId);
        Assert.Equal(RawTick.EmptyPrice, tick.BidPrice);
        Assert.Equal(0, tick.Flags);
    }

    [Theory]
    [InlineData("T", "S", AggressorSide.Sell)]
    [InlineData("trade", "sell", AggressorSide.Sell)]
    [InlineData("TRADE", "Buy", AggressorSide.Buy)]
    [InlineData("t", "b", AggressorSide.Buy)]
    [InlineData("Trade", "", AggressorSide.Unknown)]
    public void TryParse_TypeAndSideSpellings_Accepted(string type, string side, byte expectedSide)
    {
        var (parser, _) = Create(FullHeader);
        var tick = default(RawTick);
        var row = Encoding.ASCII.GetBytes($"1000,MSFT,{type},420,100,{side},,,,,");
        Assert.True(parser.TryParse(row, ref tick, out var reason), reason);
        Assert.Equal(TickKind.Trade, tick.Kind);
        Assert.Equal(expectedSide, tick.AggressorSide);
        Assert.Equal(0UL, tick.TradeId);
    }

    [Fact]
    public void TryParse_QuoteRows_EmptySidesAndCrossedFlag()
    {
        var (parser, _) = Create(FullHeader);
        var tick = default(RawTick);

        Assert.True(parser.TryParse("1,AAPL,Q,,,,189.99,500,190.01,700,"u8, ref tick, out var reason), reason);
        Assert.Equal(TickKind.Quote, tick.Kind);
        Assert.Equal(189_990_000_000L, tick.BidPrice);
        Assert.Equal(500, tick.BidSize);
        Assert.Equal(190_010_000_000L, tick.AskPrice);
        Assert.Equal(700, tick.AskSize);
        Assert.Equal(0, tick.Flags);

        Assert.True(parser.TryParse("2,AAPL,quote,,,,,,190.01,700,"u8, ref tick, out reason), reason);
        Assert.Equal(RawTick.EmptyPrice, tick.BidPrice);
        Assert.Equal(0, tick.BidSize);
        Assert.Equal(190_010_000_000L, tick.AskPrice);

        Assert.True(parser.TryParse("3,AAPL,Q,,,,190.02,100,190.01,100,"u8, ref tick, out reason), reason);
        Assert.Equal(RawTickFlags.Crossed, tick.Flags);

        Assert.True(parser.TryParse("4,AAPL,Q,,,,,0,,,"u8, ref tick, out reason), reason);
        Assert.Equal(RawTick.EmptyPrice, tick.BidPrice);
        Assert.Equal(RawTick.EmptyPrice, tick.AskPrice);
    }

    [Theory]
    [InlineData("1,AAPL,T,190,100,B,,,,", "10 columns")]
    [InlineData("1,AAPL,T,190,100,B,,,,,,", "12 columns")]
    [InlineData("1,AAPL,X,190,100,B,,,,,", "type 'X'")]
    [InlineData("1,AAPL,,190,100,B,,,,,", "type ''")]
    [InlineData("yesterday,AAPL,T,190,100,B,,,,,", "time 'yesterday'")]
    [InlineData("1,aapl,T,190,100,B,,,,,", "symbol 'aapl'")]
    [InlineData("1,,T,190,100,B,,,,,", "symbol is empty")]
    [InlineData("1,AAPL,T,19O,100,B,,,,,", "price '19O'")]
    [InlineData("1,AAPL,T,,100,B,,,,,", "price ''")]
    [InlineData("1,AAPL,T,190,-5,B,,,,,", "size '-5'")]
    [InlineData("1,AAPL,T,190,1.5,B,,,,,", "size '1.5'")]
    [InlineData("1,AAPL,T,190,100,X,,,,,", "side 'X'")]
    [InlineData("1,AAPL,T,190,100,B,,,,,7x", "trade_id '7x'")]
    [InlineData("1,AAPL,Q,,,,abc,100,190,100,", "bid 'abc'")]
    [InlineData("1,AAPL,Q,,,,189,,190,100,", "bid_size ''")]
    [InlineData("1,AAPL,Q,,,,,100,190,100,", "bid_size '100' is given but bid is empty")]
    [InlineData("1,AAPL,Q,,,,189,100,190,1e3,", "ask_size '1e3'")]
    public void TryParse_MalformedRow_FailsWithReason(string row, string expectedInReason)
    {
        var (parser, _) = Create(FullHeader);
        var tick = default(RawTick);
        Assert.False(parser.TryParse(Encoding.ASCII.GetBytes(row), ref tick, out var reason));
        Assert.NotNull(reason);
        Assert.Contains(expectedInReason, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseHeader_AnyOrderAnyCaseExtraColumns_MapsByName()
    {
        Assert.True(CsvColumnMap.TryParseHeader(" Symbol ,venue,TYPE,Time,Size,Price\r"u8, out var map, out var error), error);
        Assert.Equal(0, map!.IndexOf(CsvColumn.Symbol));
        Assert.Equal(2, map.IndexOf(CsvColumn.Type));
        Assert.Equal(3, map.IndexOf(CsvColumn.Time));
        Assert.Equal(4, map.IndexOf(CsvColumn.Size));
        Assert.Equal(5, map.IndexOf(CsvColumn.Price));
        Assert.False(map.Has(CsvColumn.Side));
        Assert.Equal(6, map.ColumnCount);

        var parser = new CsvTickParser(map, new InstrumentRegistry());
        var tick = default(RawTick);
        Assert.True(parser.TryParse("IBM,XNYS,T,5,200,190.5"u8, ref tick, out var reason), reason);
        Assert.Equal(190_500_000_000L, tick.Price);
        Assert.Equal(AggressorSide.Unknown, tick.AggressorSide);

        Assert.False(parser.TryParse("IBM,XNYS,Q,5,200,190.5"u8, ref tick, out reason));
        Assert.Contains("no 'bid'", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("symbol,type,price,size", "no 'time'")]
    [InlineData("time,type,price,size", "no 'symbol'")]
    [InlineData("time,symbol,price,size", "no 'type'")]
    [InlineData("time,symbol,type,price", "neither")]
    [InlineData("time,symbol,type,bid,ask", "neither")]
    [InlineData("time,symbol,type,price,size,PRICE", "twice")]
    public void TryParseHeader_Unusable_FailsWithReason(string header, string expectedInReason)
    {
        Assert.False(CsvColumnMap.TryParseHeader(Encoding.ASCII.GetBytes(header), out var map, out var error));
        Assert.Null(map);
        Assert.Contains(expectedInReason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_PullOrder_AcceptsTenOrElevenColumns()
    {
        var parser = new CsvTickParser(CsvColumnMap.PullOrder, new InstrumentRegistry());
        var tick = default(RawTick);
        Assert.True(parser.TryParse("5,SPY,T,550.01,10,S,,,,"u8, ref tick, out var reason), reason);
        Assert.Equal(0UL, tick.TradeId);
        Assert.True(parser.TryParse("5,SPY,T,550.01,10,S,,,,,99"u8, ref tick, out reason), reason);
        Assert.Equal(99UL, tick.TradeId);
        Assert.False(parser.TryParse("5,SPY,T,550.01,10,S,,,"u8, ref tick, out reason));
        Assert.Contains("expected 10 to 11", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_KnownSymbolRows_AllocatesNothing()
    {
        var (parser, _) = Create(FullHeader);
        var rows = new[]
        {
            "2024-03-01T14:30:00.123456789Z,AAPL,T,190.25,300,B,,,,,77"u8.ToArray(),
            "1709303400123456789,MSFT,Q,,,,419.99,500,420.01,700,"u8.ToArray(),
        };
        long sum = 0;

        var fewest = Allocation.FewestBytes(() => sum += ParseRows(parser, rows, 100_000));

        Assert.Equal(0, fewest);
        Assert.NotEqual(0, sum);
    }

    private static long ParseRows(CsvTickParser parser, byte[][] rows, int count)
    {
        var tick = default(RawTick);
        long sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += parser.TryParse(rows[i & 1], ref tick, out _) ? tick.Price + tick.BidPrice : -1;
        }

        return sum;
    }

    private static (CsvTickParser Parser, InstrumentRegistry Registry) Create(string header)
    {
        Assert.True(CsvColumnMap.TryParseHeader(Encoding.ASCII.GetBytes(header), out var map, out var error), error);
        var registry = new InstrumentRegistry();
        return (new CsvTickParser(map!, registry), registry);
    }
}
