using System.Text;
using TickStream.Wire;

namespace TickStream.Testing;

/// <summary>Valid TickStream messages (topic and SBE frame) built for tests, with the sequences a test needs.</summary>
public static class WireMessages
{
    /// <summary>A Quote message.</summary>
    /// <param name="symbol">Its symbol.</param>
    /// <param name="streamId">Its stream.</param>
    /// <param name="streamSeq">Its streamSeq.</param>
    /// <param name="symbolSeq">Its symbolSeq.</param>
    /// <returns>Topic and frame.</returns>
    public static byte[] Quote(string symbol, ushort streamId, ulong streamSeq, ulong symbolSeq)
    {
        var message = new byte[Topic.MaxLength + QuoteEncoder.HeaderLength + QuoteEncoder.BlockLength];
        var topicLength = Topic.Write(message, TopicClass.Quote, Encoding.ASCII.GetBytes(symbol));
        var quote = QuoteEncoder.WrapAndApplyHeader(message.AsSpan(topicLength));
        quote.SetStreamSeq(streamSeq);
        quote.SetSymbolSeq(symbolSeq);
        quote.SetStreamId(streamId);
        quote.SetSymbol(symbol);
        quote.SetVenue("SYNT");
        quote.BidPrice.SetMantissa(189_990_000_000);
        quote.SetBidSize(300);
        quote.AskPrice.SetMantissa(190_010_000_000);
        quote.SetAskSize(200);
        return message[..(topicLength + quote.EncodedLength)];
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
