using TickStream.Wire;

namespace TickStream.Gateway;

/// <summary>Writes a Snapshot message (topic <c>X.SYMBOL|</c> then the SBE frame) from a cache entry.</summary>
internal static class SnapshotWriter
{
    /// <summary>The topic class of snapshot replies: never on the live stream, so it cannot collide with one.</summary>
    public const byte TopicClassByte = (byte)'X';

    /// <summary>Topic plus the Snapshot frame of schema version 0.</summary>
    public const int MaxLength = Topic.MaxLength + SnapshotEncoder.HeaderLength + SnapshotEncoder.BlockLength;

    /// <summary>Offset of the shared prefix's end (streamSeq .. venue) in a block.</summary>
    private const int PrefixLength = 60;

    /// <summary>Writes the snapshot into <paramref name="destination"/> and returns its length; 0 when the entry has no data.</summary>
    public static int Write(CacheEntry entry, Span<byte> destination)
    {
        if (!entry.HasData)
        {
            return 0;
        }

        var symbol = System.Text.Encoding.ASCII.GetBytes(entry.Symbol);
        var topicLength = Topic.Write(destination, TopicClass.Quote, symbol);
        destination[0] = TopicClassByte;
        var frame = destination[topicLength..];
        if (!SnapshotEncoder.TryWrapAndApplyHeader(frame, out var snapshot))
        {
            return 0;
        }

        var hasQuote = QuoteDecoder.TryWrap(entry.Quote.AsSpan(0, entry.QuoteLength), out var quote, out _) && entry.QuoteLength > 0;
        var hasTrade = TradeDecoder.TryWrap(entry.Trade.AsSpan(0, entry.TradeLength), out var trade, out _) && entry.TradeLength > 0;

        // The prefix (sequences, times, ids, symbol, venue) is laid out identically in Quote, Trade and Snapshot:
        // copy it from the newer of the two.
        var newer = hasQuote && (!hasTrade || quote.StreamSeq >= trade.StreamSeq) ? entry.Quote : entry.Trade;
        newer.AsSpan(SnapshotEncoder.HeaderLength, PrefixLength).CopyTo(frame[SnapshotEncoder.HeaderLength..]);

        if (hasQuote)
        {
            snapshot.SetQuoteSymbolSeq(quote.SymbolSeq);
            snapshot.SetQuoteExchangeTime(quote.ExchangeTime);
            snapshot.BidPrice.SetMantissa(quote.BidPrice.Mantissa);
            snapshot.SetBidSize(quote.BidSize);
            snapshot.AskPrice.SetMantissa(quote.AskPrice.Mantissa);
            snapshot.SetAskSize(quote.AskSize);
        }
        else
        {
            snapshot.SetQuoteSymbolSeq(SnapshotEncoder.QuoteSymbolSeqNullValue);
            snapshot.SetQuoteExchangeTime(SnapshotEncoder.QuoteExchangeTimeNullValue);
            snapshot.BidPrice.SetMantissa(Price9NullEncoder.MantissaNullValue);
            snapshot.SetBidSize(SnapshotEncoder.BidSizeNullValue);
            snapshot.AskPrice.SetMantissa(Price9NullEncoder.MantissaNullValue);
            snapshot.SetAskSize(SnapshotEncoder.AskSizeNullValue);
        }

        if (hasTrade)
        {
            snapshot.SetTradeSymbolSeq(trade.SymbolSeq);
            snapshot.SetTradeExchangeTime(trade.ExchangeTime);
            snapshot.LastPrice.SetMantissa(trade.Price.Mantissa);
            snapshot.SetLastSize(trade.Size);
            snapshot.SetLastTradeId(trade.TradeId);
            snapshot.SetLastAggressorSide(trade.AggressorSide);
        }
        else
        {
            snapshot.SetTradeSymbolSeq(SnapshotEncoder.TradeSymbolSeqNullValue);
            snapshot.SetTradeExchangeTime(SnapshotEncoder.TradeExchangeTimeNullValue);
            snapshot.LastPrice.SetMantissa(Price9NullEncoder.MantissaNullValue);
            snapshot.SetLastSize(SnapshotEncoder.LastSizeNullValue);
            snapshot.SetLastTradeId(SnapshotEncoder.LastTradeIdNullValue);
        }

        return topicLength + snapshot.EncodedLength;
    }
}
