using TickStream.Sources;
using TickStream.Wire;

namespace TickStream.FeedHandler;

/// <summary>
/// Writes topic-prefixed SBE frames into ring slots with the codecs generated from schemas/tickstream.xml.
/// </summary>
/// <remarks>
/// Every frame the feed handler writes fits a slot by construction (the largest fixed frame is well under
/// <see cref="FrameBytes.Capacity"/>, and var data is cut to fit), so the codecs' size checks never fail here.
/// </remarks>
public static class FrameEncoder
{
    /// <summary>Writes a Trade frame for a raw trade tick.</summary>
    /// <param name="slot">The claimed slot.</param>
    /// <param name="tick">The trade.</param>
    /// <param name="instrument">The instrument's stream state.</param>
    /// <param name="streamId">The stream.</param>
    /// <param name="streamSeq">The stream sequence of the frame.</param>
    /// <param name="symbolSeq">The (symbol, class) sequence of the frame.</param>
    /// <param name="ingestTime">When the tick was read, ns since the epoch.</param>
    public static void WriteTrade(ref FrameSlot slot, ref RawTick tick, InstrumentState instrument, ushort streamId,
        ulong streamSeq, ulong symbolSeq, long ingestTime)
    {
        Span<byte> bytes = slot.Bytes;
        var topicLength = Topic.Write(bytes, TopicClass.Trade, instrument.Symbol);
        var trade = TradeEncoder.WrapAndApplyHeader(bytes[topicLength..]);
        trade.SetStreamSeq(streamSeq);
        trade.SetSymbolSeq(symbolSeq);
        trade.SetExchangeTime((ulong)tick.ExchangeTimeNs);
        trade.SetIngestTime((ulong)ingestTime);
        trade.SetInstrumentId((uint)tick.InstrumentId);
        trade.SetStreamId(streamId);
        trade.SetFlags((TickFlags)tick.Flags);
        trade.SetSymbol(instrument.Symbol);
        trade.SetVenue(instrument.Venue);
        trade.SetAggressorSide((Wire.AggressorSide)tick.AggressorSide);
        trade.Price.SetMantissa(tick.Price);
        trade.SetSize(tick.Size);
        trade.SetTradeId(tick.TradeId);
        slot.TopicLength = topicLength;
        slot.Length = topicLength + trade.EncodedLength;
    }

    /// <summary>Writes a Quote frame for a raw quote tick.</summary>
    /// <param name="slot">The claimed slot.</param>
    /// <param name="tick">The quote; an empty side has the price <see cref="RawTick.EmptyPrice"/>.</param>
    /// <param name="instrument">The instrument's stream state.</param>
    /// <param name="streamId">The stream.</param>
    /// <param name="streamSeq">The stream sequence of the frame.</param>
    /// <param name="symbolSeq">The (symbol, class) sequence of the frame.</param>
    /// <param name="ingestTime">When the tick was read, ns since the epoch.</param>
    public static void WriteQuote(ref FrameSlot slot, ref RawTick tick, InstrumentState instrument, ushort streamId,
        ulong streamSeq, ulong symbolSeq, long ingestTime)
    {
        Span<byte> bytes = slot.Bytes;
        var topicLength = Topic.Write(bytes, TopicClass.Quote, instrument.Symbol);
        var quote = QuoteEncoder.WrapAndApplyHeader(bytes[topicLength..]);
        quote.SetStreamSeq(streamSeq);
        quote.SetSymbolSeq(symbolSeq);
        quote.SetExchangeTime((ulong)tick.ExchangeTimeNs);
        quote.SetIngestTime((ulong)ingestTime);
        quote.SetInstrumentId((uint)tick.InstrumentId);
        quote.SetStreamId(streamId);
        var flags = (TickFlags)tick.Flags;
        if (tick.BidPrice != RawTick.EmptyPrice && tick.AskPrice != RawTick.EmptyPrice && tick.BidPrice >= tick.AskPrice)
        {
            flags |= TickFlags.Crossed;
        }

        quote.SetFlags(flags);
        quote.SetSymbol(instrument.Symbol);
        quote.SetVenue(instrument.Venue);

        // RawTick's empty price is the int64 minimum, which is also the schema's null mantissa.
        quote.BidPrice.SetMantissa(tick.BidPrice);
        quote.SetBidSize(tick.BidSize);
        quote.AskPrice.SetMantissa(tick.AskPrice);
        quote.SetAskSize(tick.AskSize);
        slot.TopicLength = topicLength;
        slot.Length = topicLength + quote.EncodedLength;
    }

    /// <summary>The most level changes one BookUpdate frame carries in a slot.</summary>
    public const int MaxBookLevelsPerFrame = (FrameBytes.Capacity - Topic.MaxLength - BookUpdateEncoder.HeaderLength - BookUpdateEncoder.BlockLength - 4) / 24;

    /// <summary>Writes a BookUpdate frame.</summary>
    /// <param name="slot">The claimed slot.</param>
    /// <param name="instrument">The instrument's stream state.</param>
    /// <param name="streamId">The stream.</param>
    /// <param name="streamSeq">The stream sequence of the frame.</param>
    /// <param name="symbolSeq">The (symbol, class) sequence of the frame.</param>
    /// <param name="exchangeTime">When the venue changed the book, ns since the epoch.</param>
    /// <param name="ingestTime">When the change was read, ns since the epoch.</param>
    /// <param name="changes">At most <see cref="MaxBookLevelsPerFrame"/> level changes.</param>
    public static void WriteBookUpdate(ref FrameSlot slot, InstrumentState instrument, ushort streamId, ulong streamSeq,
        ulong symbolSeq, long exchangeTime, long ingestTime, ReadOnlySpan<BookLevelChange> changes)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        Span<byte> bytes = slot.Bytes;
        var topicLength = Topic.Write(bytes, TopicClass.BookUpdate, instrument.Symbol);
        var book = BookUpdateEncoder.WrapAndApplyHeader(bytes[topicLength..]);
        book.SetStreamSeq(streamSeq);
        book.SetSymbolSeq(symbolSeq);
        book.SetExchangeTime((ulong)exchangeTime);
        book.SetIngestTime((ulong)ingestTime);
        book.SetInstrumentId((uint)instrument.Instrument.Id);
        book.SetStreamId(streamId);
        book.SetFlags(default);
        book.SetSymbol(instrument.Symbol);
        book.SetVenue(instrument.Venue);
        var levels = book.LevelsCount(changes.Length);
        foreach (ref readonly var change in changes)
        {
            levels.Next();
            levels.Price.SetMantissa(change.Price);
            levels.SetSize(change.Size);
            levels.SetLevel(change.Level);
            levels.SetSide((BookSide)change.Side);
            levels.SetAction((BookAction)change.Action);
        }

        slot.TopicLength = topicLength;
        slot.Length = topicLength + book.EncodedLength;
    }

    /// <summary>Writes a Heartbeat frame.</summary>
    /// <param name="slot">Where to write.</param>
    /// <param name="streamId">The stream.</param>
    /// <param name="lastStreamSeq">The last stream sequence sent on it.</param>
    /// <param name="time">Now, ns since the epoch.</param>
    public static void WriteHeartbeat(ref FrameSlot slot, ushort streamId, ulong lastStreamSeq, long time)
    {
        Span<byte> bytes = slot.Bytes;
        var topicLength = Topic.WriteControl(bytes, TopicClass.Heartbeat);
        var heartbeat = HeartbeatEncoder.WrapAndApplyHeader(bytes[topicLength..]);
        heartbeat.SetStreamSeq(lastStreamSeq);
        heartbeat.SetTime((ulong)time);
        heartbeat.SetStreamId(streamId);
        slot.StreamId = streamId;
        slot.StreamSeq = 0;
        slot.TopicLength = topicLength;
        slot.Length = topicLength + heartbeat.EncodedLength;
    }

    /// <summary>Writes a StreamStart frame.</summary>
    /// <param name="slot">The claimed slot.</param>
    /// <param name="streamId">The stream.</param>
    /// <param name="sessionId">The stream's session id.</param>
    /// <param name="time">Now, ns since the epoch.</param>
    /// <param name="streamName">The stream's name in UTF-8; cut to fit the slot.</param>
    public static void WriteStreamStart(ref FrameSlot slot, ushort streamId, ulong sessionId, long time, ReadOnlySpan<byte> streamName)
    {
        Span<byte> bytes = slot.Bytes;
        var topicLength = Topic.WriteControl(bytes, TopicClass.StreamStart);
        var start = StreamStartEncoder.WrapAndApplyHeader(bytes[topicLength..]);
        start.SetSessionId(sessionId);
        start.SetTime((ulong)time);
        start.SetStreamId(streamId);
        start.SetStreamName(Fit(streamName, FrameBytes.Capacity - topicLength - start.EncodedLength - 2));
        slot.TopicLength = topicLength;
        slot.Length = topicLength + start.EncodedLength;
    }

    /// <summary>Writes an InstrumentDefinition frame.</summary>
    /// <param name="slot">The claimed slot.</param>
    /// <param name="instrument">The instrument's stream state.</param>
    /// <param name="streamId">The stream.</param>
    /// <param name="streamSeq">The stream sequence current when it is sent.</param>
    /// <param name="time">Now, ns since the epoch.</param>
    public static void WriteInstrumentDefinition(ref FrameSlot slot, InstrumentState instrument, ushort streamId, ulong streamSeq, long time)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        Span<byte> bytes = slot.Bytes;
        var topicLength = Topic.Write(bytes, TopicClass.Instrument, instrument.Symbol);
        var definition = InstrumentDefinitionEncoder.WrapAndApplyHeader(bytes[topicLength..]);
        var spec = instrument.Instrument;
        definition.SetStreamSeq(streamSeq);
        definition.SetTime((ulong)time);
        definition.TickSize.SetMantissa(spec.TickSize);
        definition.SetInstrumentId((uint)spec.Id);
        definition.SetStreamId(streamId);
        definition.SetDisplayDecimals((sbyte)spec.DisplayDecimals);
        definition.SetRoundLot((uint)spec.RoundLot);
        definition.SetSymbol(instrument.Symbol);
        definition.SetVenue(instrument.Venue);
        definition.SetDescription(Fit(instrument.Description, FrameBytes.Capacity - topicLength - definition.EncodedLength - 2));
        slot.TopicLength = topicLength;
        slot.Length = topicLength + definition.EncodedLength;
    }

    // Cuts UTF-8 text to at most max bytes without splitting a character.
    private static ReadOnlySpan<byte> Fit(ReadOnlySpan<byte> utf8, int max)
    {
        if (utf8.Length <= max)
        {
            return utf8;
        }

        var end = max;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80)
        {
            end--;
        }

        return utf8[..end];
    }
}
