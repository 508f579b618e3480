namespace TickStream.Wire.Tests;

/// <summary>
/// Every message of schemas/tickstream.xml against bytes laid out by hand from the schema and SBE 1.0:
/// little-endian, header blockLength/templateId/schemaId/version as uint16, char arrays NUL-padded,
/// constant exponents not on the wire, gaps left by explicit offsets zero.
/// </summary>
public sealed class GoldenBytesTests
{
    // The shared 60-byte prefix of Trade, Quote, BookUpdate and Snapshot; flags differ per message.
    private static string Prefix(string flags) => string.Concat(
        "2a00000000000000", // 0  streamSeq 42
        "0700000000000000", // 8  symbolSeq 7
        "15cd853dfe9c9717", // 16 exchangeTime 1_700_000_000_123_456_789
        "18138e3dfe9c9717", // 24 ingestTime 1_700_000_000_123_999_000
        "e9030000",         // 32 instrumentId 1001
        "0300",             // 36 streamId 3
        flags,              // 38 flags (uint16 bits)
        "4141504c" + Hex.Zeros(12), // 40 symbol "AAPL" NUL-padded to 16
        "584e4153");        // 56 venue "XNAS"

    private static readonly byte[] TradeFrame = Hex.Bytes(
        "5800 0100 6400 0000",  // header: blockLength 88, templateId 1, schemaId 100, version 0
        Prefix("0500"),         // flags Synthetic (bit 0) | OddLot (bit 2)
        "01",                   // 60 aggressorSide Buy
        "000000",               // 61 gap up to the explicit offset 64
        "80d42d102c000000",     // 64 price mantissa 189_250_000_000 (exponent -9 is constant)
        "6400000000000000",     // 72 size 100
        "efbeadde00000000");    // 80 tradeId 0xDEADBEEF

    private static readonly byte[] QuoteFrame = Hex.Bytes(
        "6000 0200 6400 0000",  // header: blockLength 96, templateId 2
        Prefix("0200"),         // flags Crossed (bit 1)
        "00000000",             // 60 gap up to offset 64
        "003e950f2c000000",     // 64 bidPrice mantissa 189_240_000_000
        "2c01000000000000",     // 72 bidSize 300
        "006bc6102c000000",     // 80 askPrice mantissa 189_260_000_000
        "c800000000000000");    // 88 askSize 200

    private static readonly byte[] BookUpdateFrame = Hex.Bytes(
        "4000 0300 6400 0000",  // header: blockLength 64 (explicit), templateId 3
        Prefix("0100"),         // flags Synthetic
        "00000000",             // 60 padding up to blockLength 64
        "1800 0200",            // group levels: blockLength 24, numInGroup 2
        "003e950f2c000000",     // entry 0: price 189_240_000_000
        "f401000000000000",     //          size 500
        "01", "00", "00",       //          level 1, side Bid, action New
        "0000000000",           //          padding to 24
        "006bc6102c000000",     // entry 1: price 189_260_000_000
        "0000000000000000",     //          size 0
        "02", "01", "02",       //          level 2, side Ask, action Delete
        "0000000000");          //          padding to 24

    private static readonly byte[] HeartbeatFrame = Hex.Bytes(
        "1200 0400 6400 0000",  // header: blockLength 18, templateId 4
        "2a00000000000000",     // 0  streamSeq 42
        "15cd853dfe9c9717",     // 8  time
        "0300");                // 16 streamId 3

    private static readonly byte[] StreamStartFrame = Hex.Bytes(
        "1200 0500 6400 0000",  // header: blockLength 18, templateId 5
        "efcdab8967452301",     // 0  sessionId 0x0123456789ABCDEF
        "15cd853dfe9c9717",     // 8  time
        "0300",                 // 16 streamId 3
        "0600",                 // streamName length 6 (uint16)
        "53594e542d30");        // "SYNT-0"

    private static readonly byte[] SnapshotFrame = Hex.Bytes(
        "9900 0600 6400 0000",  // header: blockLength 153, templateId 6
        Prefix("2000"),         // flags Recovered (bit 5)
        "00000000",             // 60 gap up to offset 64
        "0500000000000000",     // 64 quoteSymbolSeq 5
        "18138e3dfe9c9717",     // 72 quoteExchangeTime
        "003e950f2c000000",     // 80 bidPrice
        "2c01000000000000",     // 88 bidSize 300
        "0000000000000080",     // 96 askPrice null (int64 min)
        "0000000000000080",     // 104 askSize null (int64 min)
        "ffffffffffffffff",     // 112 tradeSymbolSeq null (uint64 max)
        "ffffffffffffffff",     // 120 tradeExchangeTime null
        "0000000000000080",     // 128 lastPrice null
        "0000000000000080",     // 136 lastSize null
        "ffffffffffffffff",     // 144 lastTradeId null
        "02");                  // 152 lastAggressorSide Sell

    private static readonly byte[] InstrumentDefinitionFrame = Hex.Bytes(
        "3800 0700 6400 0000",  // header: blockLength 56, templateId 7
        "2a00000000000000",     // 0  streamSeq 42
        "15cd853dfe9c9717",     // 8  time
        "8096980000000000",     // 16 tickSize mantissa 10_000_000 (0.01)
        "e9030000",             // 24 instrumentId 1001
        "0300",                 // 28 streamId 3
        "02",                   // 30 displayDecimals 2
        "00",                   // 31 gap up to the explicit offset 32
        "64000000",             // 32 roundLot 100
        "42524b2e42" + Hex.Zeros(11), // 36 symbol "BRK.B"
        "584e5953",             // 52 venue "XNYS"
        "0900",                 // description length 9
        "4170706c6520496e63");  // "Apple Inc"

    private delegate int Encode(Span<byte> buffer);

    public static TheoryData<string> Messages => new()
    {
        "Trade", "Quote", "BookUpdate", "Heartbeat", "StreamStart", "Snapshot", "InstrumentDefinition",
    };

    private static (byte[] Expected, Encode Encode) Case(string name) => name switch
    {
        "Trade" => (TradeFrame, Samples.EncodeTrade),
        "Quote" => (QuoteFrame, Samples.EncodeQuote),
        "BookUpdate" => (BookUpdateFrame, Samples.EncodeBookUpdate),
        "Heartbeat" => (HeartbeatFrame, Samples.EncodeHeartbeat),
        "StreamStart" => (StreamStartFrame, Samples.EncodeStreamStart),
        "Snapshot" => (SnapshotFrame, Samples.EncodeSnapshot),
        "InstrumentDefinition" => (InstrumentDefinitionFrame, Samples.EncodeInstrumentDefinition),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Encode_SampleMessage_MatchesHandWrittenBytes(string message)
    {
        var (expected, encode) = Case(message);
        var buffer = new byte[512];
        buffer.AsSpan().Fill(0xAA); // stale bytes must not leak into gaps
        var length = encode(buffer);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(buffer, 0, length));
    }

    [Fact]
    public void Decode_TradeBytes_ReadsEveryField()
    {
        Assert.True(TradeDecoder.TryWrap(TradeFrame, out var d, out var error));
        Assert.Equal(SbeDecodeError.None, error);
        Assert.Equal(42UL, d.StreamSeq);
        Assert.Equal(7UL, d.SymbolSeq);
        Assert.Equal(Samples.ExchangeTime, d.ExchangeTime);
        Assert.Equal(Samples.IngestTime, d.IngestTime);
        Assert.Equal(1001U, d.InstrumentId);
        Assert.Equal((ushort)3, d.StreamId);
        Assert.Equal(TickFlags.Synthetic | TickFlags.OddLot, d.Flags);
        Assert.Equal("AAPL", d.GetSymbolString());
        Assert.True(d.Venue.SequenceEqual("XNAS"u8));
        Assert.Equal(AggressorSide.Buy, d.AggressorSide);
        Assert.Equal(Samples.TradePrice, d.Price.Mantissa);
        Assert.Equal(-9, Price9Decoder.Exponent);
        Assert.Equal(100L, d.Size);
        Assert.Equal(0xDEADBEEFUL, d.TradeId);
        Assert.Equal(TradeFrame.Length, d.EncodedLength);
    }

    [Fact]
    public void Decode_QuoteBytes_ReadsEveryField()
    {
        Assert.True(QuoteDecoder.TryWrap(QuoteFrame, out var d, out _));
        Assert.Equal(42UL, d.StreamSeq);
        Assert.Equal(TickFlags.Crossed, d.Flags);
        Assert.Equal("AAPL", d.GetSymbolString());
        Assert.Equal("XNAS", d.GetVenueString());
        Assert.True(d.BidPrice.HasMantissa);
        Assert.Equal(Samples.BidPrice, d.BidPrice.Mantissa);
        Assert.Equal(300L, d.BidSize);
        Assert.Equal(Samples.AskPrice, d.AskPrice.Mantissa);
        Assert.Equal(200L, d.AskSize);
        Assert.Equal(QuoteFrame.Length, d.EncodedLength);
    }

    [Fact]
    public void Decode_BookUpdateBytes_ReadsBothLevels()
    {
        Assert.True(BookUpdateDecoder.TryWrap(BookUpdateFrame, out var d, out _));
        Assert.Equal(TickFlags.Synthetic, d.Flags);
        Assert.True(d.TryGetLevels(out var levels, out var error), error.ToString());
        Assert.Equal(2, levels.Count);
        Assert.True(levels.MoveNext());
        Assert.Equal(Samples.BidPrice, levels.Price.Mantissa);
        Assert.Equal(500L, levels.Size);
        Assert.Equal((byte)1, levels.Level);
        Assert.Equal(BookSide.Bid, levels.Side);
        Assert.Equal(BookAction.New, levels.Action);
        Assert.True(levels.MoveNext());
        Assert.Equal(Samples.AskPrice, levels.Price.Mantissa);
        Assert.Equal(0L, levels.Size);
        Assert.Equal((byte)2, levels.Level);
        Assert.Equal(BookSide.Ask, levels.Side);
        Assert.Equal(BookAction.Delete, levels.Action);
        Assert.False(levels.MoveNext());
        Assert.Equal(SbeDecodeError.None, levels.Error);
        Assert.Equal(BookUpdateFrame.Length, d.EncodedLength);
    }

    [Fact]
    public void Decode_HeartbeatBytes_ReadsEveryField()
    {
        Assert.True(HeartbeatDecoder.TryWrap(HeartbeatFrame, out var d, out _));
        Assert.Equal(42UL, d.StreamSeq);
        Assert.Equal(Samples.ExchangeTime, d.Time);
        Assert.Equal((ushort)3, d.StreamId);
        Assert.Equal(HeartbeatFrame.Length, d.EncodedLength);
    }

    [Fact]
    public void Decode_StreamStartBytes_ReadsNameAndLength()
    {
        Assert.True(StreamStartDecoder.TryWrap(StreamStartFrame, out var d, out _));
        Assert.Equal(0x0123456789ABCDEFUL, d.SessionId);
        Assert.Equal(Samples.ExchangeTime, d.Time);
        Assert.Equal((ushort)3, d.StreamId);
        Assert.True(d.TryComputeLength(out var computed, out _));
        Assert.Equal(StreamStartFrame.Length, computed);
        Assert.True(d.TryGetStreamName(out var name, out _));
        Assert.True(name.SequenceEqual("SYNT-0"u8));
        Assert.Equal(StreamStartFrame.Length, d.EncodedLength);
    }

    [Fact]
    public void Decode_SnapshotBytes_ReadsValuesAndNulls()
    {
        Assert.True(SnapshotDecoder.TryWrap(SnapshotFrame, out var d, out _));
        Assert.Equal(TickFlags.Recovered, d.Flags);
        Assert.True(d.HasQuoteSymbolSeq);
        Assert.Equal(5UL, d.QuoteSymbolSeq);
        Assert.Equal(Samples.IngestTime, d.QuoteExchangeTime);
        Assert.Equal(Samples.BidPrice, d.BidPrice.Mantissa);
        Assert.True(d.HasBidSize);
        Assert.False(d.AskPrice.HasMantissa);
        Assert.False(d.HasAskSize);
        Assert.False(d.HasTradeSymbolSeq);
        Assert.False(d.HasTradeExchangeTime);
        Assert.False(d.LastPrice.HasMantissa);
        Assert.False(d.HasLastSize);
        Assert.False(d.HasLastTradeId);
        Assert.Equal(ulong.MaxValue, SnapshotDecoder.LastTradeIdNullValue);
        Assert.Equal(AggressorSide.Sell, d.LastAggressorSide);
    }

    [Fact]
    public void Decode_InstrumentDefinitionBytes_ReadsEveryField()
    {
        Assert.True(InstrumentDefinitionDecoder.TryWrap(InstrumentDefinitionFrame, out var d, out _));
        Assert.Equal(42UL, d.StreamSeq);
        Assert.Equal(10_000_000L, d.TickSize.Mantissa);
        Assert.Equal(1001U, d.InstrumentId);
        Assert.Equal((sbyte)2, d.DisplayDecimals);
        Assert.Equal(100U, d.RoundLot);
        Assert.Equal("BRK.B", d.GetSymbolString());
        Assert.Equal("XNYS", d.GetVenueString());
        Assert.True(d.TryGetDescription(out var description, out _));
        Assert.Equal("Apple Inc", System.Text.Encoding.UTF8.GetString(description));
        Assert.Equal(InstrumentDefinitionFrame.Length, d.EncodedLength);
    }

    [Fact]
    public void Header_QuoteBytes_DispatchesOnTemplateId()
    {
        Assert.True(MessageHeaderDecoder.TryWrap(QuoteFrame, 0, QuoteDecoder.SchemaVersion, out var header));
        Assert.Equal((ushort)QuoteDecoder.TemplateId, header.TemplateId);
        Assert.Equal((ushort)QuoteDecoder.BlockLength, header.BlockLength);
        Assert.Equal((ushort)QuoteDecoder.SchemaId, header.SchemaId);
        Assert.False(MessageHeaderDecoder.TryWrap(QuoteFrame.AsSpan(0, 7), 0, 0, out _));
    }

    [Fact]
    public void Decode_TradeBytesAsQuote_ReportsWrongTemplateId()
    {
        Assert.False(QuoteDecoder.TryWrap(TradeFrame, out _, out var error));
        Assert.Equal(SbeDecodeError.WrongTemplateId, error);
    }

    [Fact]
    public void Decode_OtherSchemaId_ReportsWrongSchemaId()
    {
        var frame = (byte[])TradeFrame.Clone();
        frame[4] = 101;
        Assert.False(TradeDecoder.TryWrap(frame, out _, out var error));
        Assert.Equal(SbeDecodeError.WrongSchemaId, error);
    }
}
