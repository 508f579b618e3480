using System.Text;
using TickStream.Wire;

namespace TickStream.Client.Tests;

/// <summary>The client's views agree with the schema-generated codecs, field by field.</summary>
public sealed class GeneratedCodecTests
{
    private static byte[] WithTopic(string topic, ReadOnlySpan<byte> frame) => TestFrames.WithTopic(topic, frame.ToArray());

    [Fact]
    public void Trade_EncodedByTheGeneratedEncoder_ReadsTheSameThroughViewAndDecoder()
    {
        Span<byte> buffer = stackalloc byte[256];
        var trade = TradeEncoder.WrapAndApplyHeader(buffer);
        trade.SetStreamSeq(1042);
        trade.SetSymbolSeq(17);
        trade.SetExchangeTime(1_767_225_600_000_000_000);
        trade.SetIngestTime(1_767_225_600_000_025_000);
        trade.SetInstrumentId(3);
        trade.SetStreamId(2);
        trade.SetFlags(TickFlags.OddLot);
        trade.SetSymbol("BRK.B"u8);
        trade.SetVenue("XNYS"u8);
        trade.SetAggressorSide(AggressorSide.Sell);
        trade.Price.SetMantissa(412_340_000_000);
        trade.SetSize(7);
        trade.SetTradeId(99);
        var message = WithTopic("T.BRK.B|", buffer[..trade.EncodedLength]);

        var checkedOnce = false;
        using var subscriber = new TickSubscriber(new TickSubscriberOptions { Endpoints = { "tcp://127.0.0.1:1" } }, (in TickView tick) =>
        {
            var decoder = tick.AsTrade();
            Assert.Equal(decoder.StreamSeq, tick.StreamSeq);
            Assert.Equal(decoder.SymbolSeq, tick.SymbolSeq);
            Assert.Equal(decoder.ExchangeTime, tick.ExchangeTimeNs);
            Assert.Equal(decoder.IngestTime, tick.IngestTimeNs);
            Assert.Equal(decoder.InstrumentId, tick.InstrumentId);
            Assert.Equal(decoder.StreamId, tick.StreamId);
            Assert.Equal((ushort)decoder.Flags, tick.Flags);
            Assert.Equal("BRK.B", Encoding.ASCII.GetString(tick.Symbol));
            Assert.True(decoder.Symbol.SequenceEqual(tick.Symbol));
            Assert.True(decoder.Venue.SequenceEqual(tick.Venue));
            Assert.Equal((byte)decoder.AggressorSide, tick.AggressorSide);
            Assert.Equal(decoder.Price.Mantissa, tick.TradePrice);
            Assert.Equal(decoder.Size, tick.TradeSize);
            Assert.Equal(decoder.TradeId, tick.TradeId);
            Assert.Equal(412.34m, Price9.ToDecimal(tick.TradePrice));
            checkedOnce = true;
        });
        subscriber.Process(message);
        Assert.True(checkedOnce);
        Assert.Equal(0, subscriber.Counters.Malformed);
    }

    [Fact]
    public void QuoteAndStreamStart_EncodedByTheGeneratedEncoders_ReadTheSameThroughViewAndDecoder()
    {
        Span<byte> buffer = stackalloc byte[256];
        var quote = QuoteEncoder.WrapAndApplyHeader(buffer);
        quote.SetStreamSeq(5);
        quote.SetSymbolSeq(4);
        quote.SetStreamId(1);
        quote.SetSymbol("MSFT"u8);
        quote.SetVenue("XNAS"u8);
        quote.BidPrice.SetMantissa(Price9NullEncoder.MantissaNullValue);
        quote.SetBidSize(0);
        quote.AskPrice.SetMantissa(410_000_000_000);
        quote.SetAskSize(50);
        var quoteMessage = WithTopic("Q.MSFT|", buffer[..quote.EncodedLength]);

        var start = StreamStartEncoder.WrapAndApplyHeader(buffer);
        start.SetSessionId(123_456);
        start.SetTime(1);
        start.SetStreamId(1);
        start.SetStreamName("itch"u8);
        var startMessage = WithTopic("S|", buffer[..start.EncodedLength]);

        var kinds = new List<TickKind>();
        using var subscriber = new TickSubscriber(new TickSubscriberOptions { Endpoints = { "tcp://127.0.0.1:1" } }, (in TickView tick) =>
        {
            kinds.Add(tick.Kind);
            if (tick.Kind == TickKind.Quote)
            {
                var decoder = tick.AsQuote();
                Assert.False(decoder.BidPrice.HasMantissa);
                Assert.Equal(Price9.Null, tick.BidPrice);
                Assert.Null(Price9.ToDecimal(tick.BidPrice));
                Assert.Equal(decoder.AskPrice.Mantissa, tick.AskPrice);
                Assert.Equal(decoder.AskSize, tick.AskSize);
            }
            else
            {
                var decoder = tick.AsStreamStart();
                Assert.Equal(decoder.SessionId, tick.SessionId);
                Assert.True(decoder.TryGetStreamName(out var name, out _));
                Assert.True(name.SequenceEqual(tick.StreamName));
                Assert.Equal("itch", Encoding.UTF8.GetString(tick.StreamName));
            }
        });
        subscriber.Process(startMessage);
        subscriber.Process(quoteMessage);
        Assert.Equal([TickKind.StreamStart, TickKind.Quote], kinds);
    }
}
