namespace TickStream.Wire.Tests;

/// <summary>Decodes a frame of any TickStream message completely (every group entry and var data), as a receiver would.</summary>
internal static class FullDecode
{
    public static SbeDecodeError Run(ReadOnlySpan<byte> frame, out int length)
    {
        length = 0;
        if (!MessageHeaderDecoder.TryWrap(frame, 0, 0, out var header))
        {
            return SbeDecodeError.TooShortForHeader;
        }

        SbeDecodeError error;
        switch (header.TemplateId)
        {
            case TradeDecoder.TemplateId:
                if (TradeDecoder.TryWrap(frame, out var trade, out error))
                {
                    length = trade.EncodedLength;
                }

                return error;
            case QuoteDecoder.TemplateId:
                if (QuoteDecoder.TryWrap(frame, out var quote, out error))
                {
                    length = quote.EncodedLength;
                }

                return error;
            case BookUpdateDecoder.TemplateId:
                if (!BookUpdateDecoder.TryWrap(frame, out var book, out error) || !book.TryGetLevels(out var levels, out error))
                {
                    return error;
                }

                while (levels.MoveNext())
                {
                    _ = levels.Price.Mantissa;
                }

                length = book.EncodedLength;
                return levels.Error;
            case HeartbeatDecoder.TemplateId:
                if (HeartbeatDecoder.TryWrap(frame, out var heartbeat, out error))
                {
                    length = heartbeat.EncodedLength;
                }

                return error;
            case StreamStartDecoder.TemplateId:
                if (StreamStartDecoder.TryWrap(frame, out var start, out error) && start.TryGetStreamName(out _, out error))
                {
                    length = start.EncodedLength;
                }

                return error;
            case SnapshotDecoder.TemplateId:
                if (SnapshotDecoder.TryWrap(frame, out var snapshot, out error))
                {
                    length = snapshot.EncodedLength;
                }

                return error;
            case InstrumentDefinitionDecoder.TemplateId:
                if (InstrumentDefinitionDecoder.TryWrap(frame, out var definition, out error) && definition.TryGetDescription(out _, out error))
                {
                    length = definition.EncodedLength;
                }

                return error;
            default:
                return SbeDecodeError.WrongTemplateId;
        }
    }
}
