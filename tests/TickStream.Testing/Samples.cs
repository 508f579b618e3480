using TickStream.Wire;

namespace TickStream.Testing;

/// <summary>The sample messages of the golden tests, encoded with the codecs (used where the bytes are not the subject).</summary>
public static class Samples
{
    public const ulong ExchangeTime = 1_700_000_000_123_456_789;
    public const ulong IngestTime = 1_700_000_000_123_999_000;
    public const long TradePrice = 189_250_000_000;
    public const long BidPrice = 189_240_000_000;
    public const long AskPrice = 189_260_000_000;

    public static int EncodeTrade(Span<byte> buffer)
    {
        var e = TradeEncoder.WrapAndApplyHeader(buffer);
        e.SetStreamSeq(42);
        e.SetSymbolSeq(7);
        e.SetExchangeTime(ExchangeTime);
        e.SetIngestTime(IngestTime);
        e.SetInstrumentId(1001);
        e.SetStreamId(3);
        e.SetFlags(TickFlags.Synthetic | TickFlags.OddLot);
        e.SetSymbol("AAPL"u8);
        e.SetVenue("XNAS");
        e.SetAggressorSide(AggressorSide.Buy);
        e.Price.SetMantissa(TradePrice);
        e.SetSize(100);
        e.SetTradeId(0xDEADBEEF);
        return e.EncodedLength;
    }

    public static int EncodeQuote(Span<byte> buffer)
    {
        var e = QuoteEncoder.WrapAndApplyHeader(buffer);
        e.SetStreamSeq(42);
        e.SetSymbolSeq(7);
        e.SetExchangeTime(ExchangeTime);
        e.SetIngestTime(IngestTime);
        e.SetInstrumentId(1001);
        e.SetStreamId(3);
        e.SetFlags(TickFlags.Crossed);
        e.SetSymbol("AAPL");
        e.SetVenue("XNAS");
        e.BidPrice.SetMantissa(BidPrice);
        e.SetBidSize(300);
        e.AskPrice.SetMantissa(AskPrice);
        e.SetAskSize(200);
        return e.EncodedLength;
    }

    public static int EncodeBookUpdate(Span<byte> buffer)
    {
        var e = BookUpdateEncoder.WrapAndApplyHeader(buffer);
        e.SetStreamSeq(42);
        e.SetSymbolSeq(7);
        e.SetExchangeTime(ExchangeTime);
        e.SetIngestTime(IngestTime);
        e.SetInstrumentId(1001);
        e.SetStreamId(3);
        e.SetFlags(TickFlags.Synthetic);
        e.SetSymbol("AAPL");
        e.SetVenue("XNAS");
        var levels = e.LevelsCount(2);
        levels.Next();
        levels.Price.SetMantissa(BidPrice);
        levels.SetSize(500);
        levels.SetLevel(1);
        levels.SetSide(BookSide.Bid);
        levels.SetAction(BookAction.New);
        levels.Next();
        levels.Price.SetMantissa(AskPrice);
        levels.SetSize(0);
        levels.SetLevel(2);
        levels.SetSide(BookSide.Ask);
        levels.SetAction(BookAction.Delete);
        return e.EncodedLength;
    }

    public static int EncodeHeartbeat(Span<byte> buffer)
    {
        var e = HeartbeatEncoder.WrapAndApplyHeader(buffer);
        e.SetStreamSeq(42);
        e.SetTime(ExchangeTime);
        e.SetStreamId(3);
        return e.EncodedLength;
    }

    public static int EncodeStreamStart(Span<byte> buffer)
    {
        var e = StreamStartEncoder.WrapAndApplyHeader(buffer);
        e.SetSessionId(0x0123456789ABCDEF);
        e.SetTime(ExchangeTime);
        e.SetStreamId(3);
        e.SetStreamName("SYNT-0");
        return e.EncodedLength;
    }

    public static int EncodeSnapshot(Span<byte> buffer)
    {
        var e = SnapshotEncoder.WrapAndApplyHeader(buffer);
        e.SetStreamSeq(42);
        e.SetSymbolSeq(7);
        e.SetExchangeTime(ExchangeTime);
        e.SetIngestTime(IngestTime);
        e.SetInstrumentId(1001);
        e.SetStreamId(3);
        e.SetFlags(TickFlags.Recovered);
        e.SetSymbol("AAPL");
        e.SetVenue("XNAS");
        e.SetQuoteSymbolSeq(5);
        e.SetQuoteExchangeTime(IngestTime);
        e.BidPrice.SetMantissa(BidPrice);
        e.SetBidSize(300);
        e.AskPrice.SetMantissa(Price9NullEncoder.MantissaNullValue);
        e.SetAskSize(SnapshotEncoder.AskSizeNullValue);
        e.SetTradeSymbolSeq(SnapshotEncoder.TradeSymbolSeqNullValue);
        e.SetTradeExchangeTime(SnapshotEncoder.TradeExchangeTimeNullValue);
        e.LastPrice.SetMantissa(Price9NullEncoder.MantissaNullValue);
        e.SetLastSize(SnapshotEncoder.LastSizeNullValue);
        e.SetLastTradeId(SnapshotEncoder.LastTradeIdNullValue);
        e.SetLastAggressorSide(AggressorSide.Sell);
        return e.EncodedLength;
    }

    public static int EncodeInstrumentDefinition(Span<byte> buffer)
    {
        var e = InstrumentDefinitionEncoder.WrapAndApplyHeader(buffer);
        e.SetStreamSeq(42);
        e.SetTime(ExchangeTime);
        e.TickSize.SetMantissa(10_000_000);
        e.SetInstrumentId(1001);
        e.SetStreamId(3);
        e.SetDisplayDecimals(2);
        e.SetRoundLot(100);
        e.SetSymbol("BRK.B");
        e.SetVenue("XNYS");
        e.SetDescription("Apple Inc");
        return e.EncodedLength;
    }
}
