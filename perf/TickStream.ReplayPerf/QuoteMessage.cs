using System.Text;
using TickStream.Wire;

namespace TickStream.ReplayPerf;

/// <summary>Builds a Quote message (topic then SBE frame) as the feed handler publishes it.</summary>
internal static class QuoteMessage
{
    public static byte[] Create(string symbol, ulong seq, long timeNs)
    {
        var buffer = new byte[256];
        var symbolBytes = Encoding.ASCII.GetBytes(symbol);
        var topicLength = Topic.Write(buffer, TopicClass.Quote, symbolBytes);
        var quote = QuoteEncoder.WrapAndApplyHeader(buffer.AsSpan(topicLength));
        quote.SetStreamSeq(seq);
        quote.SetSymbolSeq(seq);
        quote.SetExchangeTime((ulong)timeNs);
        quote.SetIngestTime((ulong)timeNs);
        quote.SetInstrumentId(1);
        quote.SetStreamId(1);
        quote.SetSymbol(symbolBytes);
        quote.SetVenue("XNAS"u8);
        quote.BidPrice.SetMantissa(100_000_000_000 + ((long)(seq % 100) * 10_000_000));
        quote.SetBidSize(100);
        quote.AskPrice.SetMantissa(100_010_000_000 + ((long)(seq % 100) * 10_000_000));
        quote.SetAskSize(200);
        return buffer[..(topicLength + quote.EncodedLength)];
    }
}
