using FsCheck.Xunit;

namespace TickStream.Wire.Tests;

/// <summary>Whatever goes into an encoder comes out of the decoder, for every message.</summary>
public sealed class RoundTripProperties
{
    private const int Tests = 300;

    // Symbols and venues: ASCII letters and digits, never NUL inside, up to the field's capacity.
    private static byte[] Ascii(byte[]? seed, int capacity)
    {
        seed ??= [];
        var length = Math.Min(seed.Length, capacity);
        var text = new byte[length];
        for (var i = 0; i < length; i++)
        {
            text[i] = (byte)((seed[i] % 36) is var c && c < 26 ? 'A' + c : '0' + c - 26);
        }

        return text;
    }

    [Property(MaxTest = Tests)]
    public bool Trade_RoundTrips(ulong streamSeq, ulong symbolSeq, ulong exchangeTime, uint instrumentId, ushort streamId,
        ushort flags, byte[] symbolSeed, AggressorSide side, long price, long size, ulong tradeId)
    {
        var symbol = Ascii(symbolSeed, TradeEncoder.SymbolLength);
        var buffer = new byte[TradeEncoder.HeaderLength + TradeEncoder.BlockLength];
        var e = TradeEncoder.WrapAndApplyHeader(buffer);
        e.SetStreamSeq(streamSeq);
        e.SetSymbolSeq(symbolSeq);
        e.SetExchangeTime(exchangeTime);
        e.SetIngestTime(~exchangeTime);
        e.SetInstrumentId(instrumentId);
        e.SetStreamId(streamId);
        e.SetFlags((TickFlags)flags);
        e.SetSymbol(symbol);
        e.SetVenue("XNAS"u8);
        e.SetAggressorSide(side);
        e.Price.SetMantissa(price);
        e.SetSize(size);
        e.SetTradeId(tradeId);
        return TradeDecoder.TryWrap(buffer, out var d, out _)
            && d.StreamSeq == streamSeq && d.SymbolSeq == symbolSeq && d.ExchangeTime == exchangeTime
            && d.IngestTime == ~exchangeTime && d.InstrumentId == instrumentId && d.StreamId == streamId
            && d.Flags == (TickFlags)flags && d.Symbol.SequenceEqual(symbol) && d.Venue.SequenceEqual("XNAS"u8)
            && d.AggressorSide == side && d.Price.Mantissa == price && d.Size == size && d.TradeId == tradeId
            && d.EncodedLength == buffer.Length;
    }

    [Property(MaxTest = Tests)]
    public bool Quote_RoundTrips(ulong streamSeq, ulong symbolSeq, ulong exchangeTime, uint instrumentId, ushort streamId,
        ushort flags, byte[] symbolSeed, byte[] venueSeed, long bid, long bidSize, long ask, long askSize)
    {
        var symbol = Ascii(symbolSeed, QuoteEncoder.SymbolLength);
        var venue = Ascii(venueSeed, QuoteEncoder.VenueLength);
        var buffer = new byte[QuoteEncoder.HeaderLength + QuoteEncoder.BlockLength];
        var e = QuoteEncoder.WrapAndApplyHeader(buffer);
        e.SetStreamSeq(streamSeq);
        e.SetSymbolSeq(symbolSeq);
        e.SetExchangeTime(exchangeTime);
        e.SetIngestTime(exchangeTime + 1);
        e.SetInstrumentId(instrumentId);
        e.SetStreamId(streamId);
        e.SetFlags((TickFlags)flags);
        e.SetSymbol(symbol);
        e.SetVenue(venue);
        e.BidPrice.SetMantissa(bid);
        e.SetBidSize(bidSize);
        e.AskPrice.SetMantissa(ask);
        e.SetAskSize(askSize);
        return QuoteDecoder.TryWrap(buffer, out var d, out _)
            && d.StreamSeq == streamSeq && d.SymbolSeq == symbolSeq && d.ExchangeTime == exchangeTime
            && d.IngestTime == exchangeTime + 1 && d.InstrumentId == instrumentId && d.StreamId == streamId
            && d.Flags == (TickFlags)flags && d.Symbol.SequenceEqual(symbol) && d.Venue.SequenceEqual(venue)
            && d.BidPrice.Mantissa == bid && d.BidPrice.HasMantissa == (bid != long.MinValue) && d.BidSize == bidSize
            && d.AskPrice.Mantissa == ask && d.AskSize == askSize;
    }

    [Property(MaxTest = Tests)]
    public bool BookUpdate_RoundTrips(ulong streamSeq, byte[] symbolSeed, (long Price, long Size, byte Level, BookSide Side, BookAction Action)[] levels)
    {
        levels ??= [];
        var symbol = Ascii(symbolSeed, BookUpdateEncoder.SymbolLength);
        var buffer = new byte[BookUpdateEncoder.HeaderLength + BookUpdateEncoder.BlockLength + 4 + (levels.Length * 24)];
        var e = BookUpdateEncoder.WrapAndApplyHeader(buffer);
        e.SetStreamSeq(streamSeq);
        e.SetSymbol(symbol);
        var group = e.LevelsCount(levels.Length);
        foreach (var level in levels)
        {
            group.Next();
            group.Price.SetMantissa(level.Price);
            group.SetSize(level.Size);
            group.SetLevel(level.Level);
            group.SetSide(level.Side);
            group.SetAction(level.Action);
        }

        if (e.EncodedLength != buffer.Length || !BookUpdateDecoder.TryWrap(buffer, out var d, out _)
            || d.StreamSeq != streamSeq || !d.Symbol.SequenceEqual(symbol) || !d.TryGetLevels(out var read, out _)
            || read.Count != levels.Length)
        {
            return false;
        }

        foreach (var level in levels)
        {
            if (!read.MoveNext() || read.Price.Mantissa != level.Price || read.Size != level.Size || read.Level != level.Level
                || read.Side != level.Side || read.Action != level.Action)
            {
                return false;
            }
        }

        return !read.MoveNext() && read.Error == SbeDecodeError.None && d.EncodedLength == buffer.Length;
    }

    [Property(MaxTest = Tests)]
    public bool Heartbeat_RoundTrips(ulong streamSeq, ulong time, ushort streamId)
    {
        var buffer = new byte[HeartbeatEncoder.HeaderLength + HeartbeatEncoder.BlockLength];
        var e = HeartbeatEncoder.WrapAndApplyHeader(buffer);
        e.SetStreamSeq(streamSeq);
        e.SetTime(time);
        e.SetStreamId(streamId);
        return HeartbeatDecoder.TryWrap(buffer, out var d, out _) && d.StreamSeq == streamSeq && d.Time == time && d.StreamId == streamId;
    }

    [Property(MaxTest = Tests)]
    public bool StreamStart_RoundTrips(ulong sessionId, ulong time, ushort streamId, string? name)
    {
        name ??= "";
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        var buffer = new byte[StreamStartEncoder.HeaderLength + StreamStartEncoder.BlockLength + 2 + bytes.Length];
        var e = StreamStartEncoder.WrapAndApplyHeader(buffer);
        e.SetSessionId(sessionId);
        e.SetTime(time);
        e.SetStreamId(streamId);
        if (!e.TrySetStreamName(name))
        {
            return bytes.Length > 4096; // the schema's maxValue of the length
        }

        return e.EncodedLength == buffer.Length && StreamStartDecoder.TryWrap(buffer, out var d, out _)
            && d.SessionId == sessionId && d.Time == time && d.StreamId == streamId
            && d.TryGetStreamName(out var read, out _) && read.SequenceEqual(bytes) && d.EncodedLength == buffer.Length;
    }

    [Property(MaxTest = Tests)]
    public bool Snapshot_RoundTrips(ulong streamSeq, ulong quoteSymbolSeq, long bid, long bidSize, long ask, long askSize,
        ulong tradeSymbolSeq, long last, long lastSize, ulong lastTradeId, AggressorSide side)
    {
        var buffer = new byte[SnapshotEncoder.HeaderLength + SnapshotEncoder.BlockLength];
        var e = SnapshotEncoder.WrapAndApplyHeader(buffer);
        e.SetStreamSeq(streamSeq);
        e.SetQuoteSymbolSeq(quoteSymbolSeq);
        e.SetQuoteExchangeTime(quoteSymbolSeq ^ 0x5555);
        e.BidPrice.SetMantissa(bid);
        e.SetBidSize(bidSize);
        e.AskPrice.SetMantissa(ask);
        e.SetAskSize(askSize);
        e.SetTradeSymbolSeq(tradeSymbolSeq);
        e.SetTradeExchangeTime(tradeSymbolSeq ^ 0xAAAA);
        e.LastPrice.SetMantissa(last);
        e.SetLastSize(lastSize);
        e.SetLastTradeId(lastTradeId);
        e.SetLastAggressorSide(side);
        return SnapshotDecoder.TryWrap(buffer, out var d, out _)
            && d.StreamSeq == streamSeq && d.QuoteSymbolSeq == quoteSymbolSeq && d.QuoteExchangeTime == (quoteSymbolSeq ^ 0x5555)
            && d.BidPrice.Mantissa == bid && d.BidSize == bidSize && d.AskPrice.Mantissa == ask && d.AskSize == askSize
            && d.TradeSymbolSeq == tradeSymbolSeq && d.HasTradeSymbolSeq == (tradeSymbolSeq != ulong.MaxValue)
            && d.TradeExchangeTime == (tradeSymbolSeq ^ 0xAAAA) && d.LastPrice.Mantissa == last && d.LastSize == lastSize
            && d.LastTradeId == lastTradeId && d.LastAggressorSide == side;
    }

    [Property(MaxTest = Tests)]
    public bool InstrumentDefinition_RoundTrips(ulong streamSeq, long tickSize, uint instrumentId, sbyte decimals, uint roundLot,
        byte[] symbolSeed, string? description)
    {
        description ??= "";
        var symbol = Ascii(symbolSeed, InstrumentDefinitionEncoder.SymbolLength);
        var bytes = System.Text.Encoding.UTF8.GetBytes(description);
        var buffer = new byte[InstrumentDefinitionEncoder.HeaderLength + InstrumentDefinitionEncoder.BlockLength + 2 + bytes.Length];
        var e = InstrumentDefinitionEncoder.WrapAndApplyHeader(buffer);
        e.SetStreamSeq(streamSeq);
        e.TickSize.SetMantissa(tickSize);
        e.SetInstrumentId(instrumentId);
        e.SetDisplayDecimals(decimals);
        e.SetRoundLot(roundLot);
        e.SetSymbol(symbol);
        e.SetDescription(bytes);
        return InstrumentDefinitionDecoder.TryWrap(buffer, out var d, out _)
            && d.StreamSeq == streamSeq && d.TickSize.Mantissa == tickSize && d.InstrumentId == instrumentId
            && d.DisplayDecimals == decimals && d.RoundLot == roundLot && d.Symbol.SequenceEqual(symbol)
            && d.TryComputeLength(out var length, out _) && length == buffer.Length
            && d.TryGetDescription(out var read, out _) && read.SequenceEqual(bytes);
    }
}
