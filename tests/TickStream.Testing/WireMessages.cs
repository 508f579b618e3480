using System.Text;
using TickStream.Wire;

namespace TickStream.Testing;

/// <summary>Live-format messages (topic then SBE frame) built with the schema's encoders, for tests that publish them.</summary>
public static class WireMessages
{
    /// <summary>A Quote of <paramref name="symbol"/> on a stream, with a price that follows its symbol sequence.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="streamId">The stream.</param>
    /// <param name="streamSeq">Its stream sequence.</param>
    /// <param name="symbolSeq">Its symbol sequence.</param>
    /// <returns>The message.</returns>
    public static byte[] Quote(string symbol, ushort streamId, ulong streamSeq, ulong symbolSeq)
    {
        var buffer = new byte[256];
        var topicLength = Topic.Write(buffer, TopicClass.Quote, Encoding.ASCII.GetBytes(symbol));
        var quote = QuoteEncoder.WrapAndApplyHeader(buffer.AsSpan(topicLength));
        var now = (ulong)WireClock.NowNanoseconds();
        quote.SetStreamSeq(streamSeq);
        quote.SetSymbolSeq(symbolSeq);
        quote.SetExchangeTime(now);
        quote.SetIngestTime(now);
        quote.SetInstrumentId(1);
        quote.SetStreamId(streamId);
        quote.SetSymbol(Encoding.ASCII.GetBytes(symbol));
        quote.SetVenue("XNAS"u8);
        quote.BidPrice.SetMantissa(100_000_000_000 + ((long)symbolSeq * 10_000_000));
        quote.SetBidSize(100);
        quote.AskPrice.SetMantissa(100_010_000_000 + ((long)symbolSeq * 10_000_000));
        quote.SetAskSize(200);
        return buffer[..(topicLength + quote.EncodedLength)];
    }

    /// <summary>A Snapshot (topic <c>X.SYMBOL|</c>) whose last quote had <paramref name="quoteSymbolSeq"/> and with no trade.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="streamId">The stream.</param>
    /// <param name="quoteSymbolSeq">The symbol sequence of the last quote it holds.</param>
    /// <returns>The message.</returns>
    public static byte[] Snapshot(string symbol, ushort streamId, ulong quoteSymbolSeq)
    {
        var buffer = new byte[256];
        var topic = Encoding.ASCII.GetBytes($"X.{symbol}|");
        topic.CopyTo(buffer, 0);
        var snapshot = SnapshotEncoder.WrapAndApplyHeader(buffer.AsSpan(topic.Length));
        var now = (ulong)WireClock.NowNanoseconds();
        snapshot.SetStreamSeq(quoteSymbolSeq);
        snapshot.SetSymbolSeq(quoteSymbolSeq);
        snapshot.SetExchangeTime(now);
        snapshot.SetIngestTime(now);
        snapshot.SetInstrumentId(1);
        snapshot.SetStreamId(streamId);
        snapshot.SetSymbol(symbol);
        snapshot.SetVenue("XNAS");
        snapshot.SetQuoteSymbolSeq(quoteSymbolSeq);
        snapshot.SetQuoteExchangeTime(now);
        snapshot.BidPrice.SetMantissa(100_000_000_000);
        snapshot.SetBidSize(100);
        snapshot.AskPrice.SetMantissa(100_010_000_000);
        snapshot.SetAskSize(200);
        snapshot.SetTradeSymbolSeq(SnapshotEncoder.TradeSymbolSeqNullValue);
        snapshot.SetTradeExchangeTime(SnapshotEncoder.TradeExchangeTimeNullValue);
        snapshot.LastPrice.SetMantissa(Price9NullEncoder.MantissaNullValue);
        snapshot.SetLastSize(SnapshotEncoder.LastSizeNullValue);
        snapshot.SetLastTradeId(SnapshotEncoder.LastTradeIdNullValue);
        snapshot.SetLastAggressorSide(AggressorSide.Buy);
        return buffer[..(topic.Length + snapshot.EncodedLength)];
    }

    /// <summary>A Trade message.</summary>
    /// <param name="symbol">Its symbol.</param>
    /// <param name="streamId">Its stream.</param>
    /// <param name="streamSeq">Its streamSeq.</param>
    /// <param name="symbolSeq">Its symbolSeq.</param>
    /// <returns>Topic and frame.</returns>
    public static byte[] Trade(string symbol, ushort streamId, ulong streamSeq, ulong symbolSeq)
    {
        var message = new byte[Topic.MaxLength + TradeEncoder.HeaderLength + TradeEncoder.BlockLength];
        var topicLength = Topic.Write(message, TopicClass.Trade, Encoding.ASCII.GetBytes(symbol));
        var trade = TradeEncoder.WrapAndApplyHeader(message.AsSpan(topicLength));
        trade.SetStreamSeq(streamSeq);
        trade.SetSymbolSeq(symbolSeq);
        trade.SetStreamId(streamId);
        trade.SetSymbol(symbol);
        trade.SetVenue("SYNT");
        trade.Price.SetMantissa(190_000_000_000);
        trade.SetSize(100);
        trade.SetTradeId(symbolSeq);
        return message[..(topicLength + trade.EncodedLength)];
    }

    /// <summary>A StreamStart message.</summary>
    /// <param name="streamId">The stream.</param>
    /// <param name="sessionId">Its session.</param>
    /// <returns>Topic and frame.</returns>
    public static byte[] StreamStart(ushort streamId, ulong sessionId)
    {
        var buffer = new byte[128];
        var length = Topic.WriteControl(buffer, TopicClass.StreamStart);
        var start = StreamStartEncoder.WrapAndApplyHeader(buffer.AsSpan(length));
        start.SetSessionId(sessionId);
        start.SetTime(1);
        start.SetStreamId(streamId);
        start.SetStreamName("test");
        return buffer[..(length + start.EncodedLength)];
    }

    /// <summary>Writes a new streamSeq into a Trade, Quote or BookUpdate message in place.</summary>
    /// <param name="message">The message.</param>
    /// <param name="streamSeq">The streamSeq.</param>
    public static void SetStreamSeq(byte[] message, ulong streamSeq)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!Topic.TrySplit(message, out var topic, out _))
        {
            throw new ArgumentException("not a message with a topic", nameof(message));
        }

        BitConverter.TryWriteBytes(message.AsSpan(topic.Length + 8), streamSeq);
    }
}
