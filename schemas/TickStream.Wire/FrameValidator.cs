using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace TickStream.Wire;

/// <summary>
/// The one set of rules every TickStream receiver applies before it reads, caches or passes on a message: a topic
/// of the live stream, an SBE header with schema id 100 and a known template, a block at least as long as this
/// build's schema says, groups and var data inside the frame, and a topic that names the frame's class and symbol.
/// One pass over the header, no allocation, no exception.
/// </summary>
/// <remarks>
/// <para>Schema evolution follows SBE: a frame of a higher <c>version</c> than this build's may append fields to a
/// block (and groups or var data after it), so it is accepted when its block holds at least this build's fields,
/// and read by its own blockLength. A frame of any version whose block is shorter than this build's is rejected
/// (<see cref="FrameRejection.BlockTooShort"/>), as are bytes it announces but does not carry. Bytes after the last
/// group or var data field this build knows are allowed: a newer version may have added them.</para>
/// <para>The root block must be the schema's <c>blockLength</c> (BookUpdate 64, padding included); a BookUpdate
/// level entry must hold its 19 bytes of fields (price, size, level, side, action), padding not required.</para>
/// </remarks>
public static class FrameValidator
{
    /// <summary>The schema id in every TickStream frame's header.</summary>
    public const ushort SchemaId = TradeDecoder.SchemaId;

    /// <summary>Length of the SBE message header.</summary>
    public const int HeaderLength = TradeDecoder.HeaderLength;

    /// <summary>Bytes of a BookUpdate level's fields in schema version 0: price, size, level, side, action.</summary>
    public const int BookLevelFieldsLength = 19;

    private const int GroupHeaderLength = 4;
    private const int VarDataLengthSize = 2;
    private const int SymbolFieldLength = 16;

    // Where the symbol field sits in the frame (header included): the shared prefix, and InstrumentDefinition's own.
    private const int PrefixSymbolOffset = HeaderLength + 40;
    private const int DefinitionSymbolOffset = HeaderLength + 36;

    /// <summary>
    /// Validates a whole live-stream message (topic, then SBE frame). Snapshots (topic class <c>X</c>) answer
    /// requests and are not live: they are rejected as <see cref="FrameRejection.BadTopic"/>.
    /// </summary>
    /// <param name="message">One ZeroMQ message.</param>
    /// <param name="topicLength">Bytes of the topic, terminator included (the frame starts there); 0 when rejected.</param>
    /// <param name="templateId">The frame's template id; 0 when rejected.</param>
    /// <returns><see cref="FrameRejection.None"/> when valid, otherwise the first rule it breaks.</returns>
    public static FrameRejection ValidateMessage(ReadOnlySpan<byte> message, out int topicLength, out ushort templateId)
    {
        topicLength = 0;
        templateId = 0;
        var end = message[..Math.Min(message.Length, Topic.MaxLength)].IndexOf(Topic.Terminator);
        if (end < 1)
        {
            return FrameRejection.NoTopic;
        }

        var expected = TemplateOfClass(message[0]);
        if (expected == 0)
        {
            return FrameRejection.BadTopic;
        }

        var isControl = expected is HeartbeatDecoder.TemplateId or StreamStartDecoder.TemplateId;
        var symbol = ReadOnlySpan<byte>.Empty;
        if (isControl)
        {
            if (end != 1)
            {
                return FrameRejection.BadTopic;
            }
        }
        else
        {
            if (end < 3 || message[1] != Topic.SymbolSeparator || !Topic.IsValidSymbol(message[2..end]))
            {
                return FrameRejection.BadTopic;
            }

            symbol = message[2..end];
        }

        var frame = message[(end + 1)..];
        var rejection = ValidateFrame(frame, out var template);
        if (rejection != FrameRejection.None)
        {
            return rejection;
        }

        if (template != expected)
        {
            return FrameRejection.TopicMismatch;
        }

        if (!isControl)
        {
            var offset = template == InstrumentDefinitionDecoder.TemplateId ? DefinitionSymbolOffset : PrefixSymbolOffset;
            var field = frame.Slice(offset, SymbolFieldLength);
            if (!field.StartsWith(symbol) || (symbol.Length < SymbolFieldLength && field[symbol.Length] != 0))
            {
                return FrameRejection.SymbolMismatch;
            }
        }

        topicLength = end + 1;
        templateId = template;
        return FrameRejection.None;
    }

    /// <summary>Validates an SBE frame on its own (no topic), of any template including Snapshot.</summary>
    /// <param name="frame">The frame: header, block, groups, var data.</param>
    /// <param name="templateId">The frame's template id; 0 when rejected.</param>
    /// <returns><see cref="FrameRejection.None"/> when valid, otherwise the first rule it breaks.</returns>
    public static FrameRejection ValidateFrame(ReadOnlySpan<byte> frame, out ushort templateId)
    {
        templateId = 0;
        if (frame.Length < HeaderLength)
        {
            return FrameRejection.TooShortForHeader;
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(frame[4..]) != SchemaId)
        {
            return FrameRejection.WrongSchema;
        }

        var template = BinaryPrimitives.ReadUInt16LittleEndian(frame[2..]);
        var required = BlockLengthOf(template);
        if (required == 0)
        {
            return FrameRejection.UnknownTemplate;
        }

        // Any version: a newer one may only append (SBE); the block must hold every field this build reads.
        int blockLength = BinaryPrimitives.ReadUInt16LittleEndian(frame);
        if (blockLength < required)
        {
            return FrameRejection.BlockTooShort;
        }

        var after = HeaderLength + blockLength;
        if (frame.Length < after)
        {
            return FrameRejection.TruncatedBlock;
        }

        switch (template)
        {
            case BookUpdateDecoder.TemplateId:
                if (!GroupFits(frame, after))
                {
                    return FrameRejection.TruncatedGroup;
                }

                break;
            case StreamStartDecoder.TemplateId:
            case InstrumentDefinitionDecoder.TemplateId:
                if (!VarDataFits(frame, after))
                {
                    return FrameRejection.TruncatedVarData;
                }

                break;
        }

        templateId = template;
        return FrameRejection.None;
    }

    /// <summary>The template the live topic class carries (<c>Q</c>: Quote); 0 for a byte that is no live class.</summary>
    /// <param name="topicClass">The first byte of a topic.</param>
    /// <returns>The template id, or 0.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort TemplateOfClass(byte topicClass) => topicClass switch
    {
        (byte)TopicClass.Trade => TradeDecoder.TemplateId,
        (byte)TopicClass.Quote => QuoteDecoder.TemplateId,
        (byte)TopicClass.BookUpdate => BookUpdateDecoder.TemplateId,
        (byte)TopicClass.Heartbeat => HeartbeatDecoder.TemplateId,
        (byte)TopicClass.StreamStart => StreamStartDecoder.TemplateId,
        (byte)TopicClass.Instrument => InstrumentDefinitionDecoder.TemplateId,
        _ => 0,
    };

    /// <summary>This build's block length of a template (the schema's <c>blockLength</c>); 0 for an unknown template.</summary>
    /// <param name="templateId">A template id.</param>
    /// <returns>The block length, or 0.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int BlockLengthOf(int templateId) => templateId switch
    {
        TradeDecoder.TemplateId => TradeDecoder.BlockLength,
        QuoteDecoder.TemplateId => QuoteDecoder.BlockLength,
        BookUpdateDecoder.TemplateId => BookUpdateDecoder.BlockLength,
        HeartbeatDecoder.TemplateId => HeartbeatDecoder.BlockLength,
        StreamStartDecoder.TemplateId => StreamStartDecoder.BlockLength,
        SnapshotDecoder.TemplateId => SnapshotDecoder.BlockLength,
        InstrumentDefinitionDecoder.TemplateId => InstrumentDefinitionDecoder.BlockLength,
        _ => 0,
    };

    /// <summary>What a rejection means, in words fit for a log line.</summary>
    /// <param name="rejection">The rejection.</param>
    /// <returns>A constant sentence fragment.</returns>
    public static string Describe(FrameRejection rejection) => rejection switch
    {
        FrameRejection.None => "a valid message",
        FrameRejection.NoTopic => "no '|' ends a topic within the first 19 bytes",
        FrameRejection.BadTopic => "the topic is not T./Q./B./I. + symbol + '|', H| or S|",
        FrameRejection.TooShortForHeader => "shorter than the 8-byte SBE header",
        FrameRejection.WrongSchema => "the header's schema id is not 100",
        FrameRejection.UnknownTemplate => "the header's template id is not one of 1 to 7",
        FrameRejection.BlockTooShort => "the header's blockLength is shorter than the template's block",
        FrameRejection.TruncatedBlock => "the frame ends before the block its header announces",
        FrameRejection.TruncatedGroup => "the book levels group lies past the frame's end or its entries are too short",
        FrameRejection.TruncatedVarData => "the var data field lies past the frame's end",
        FrameRejection.TopicMismatch => "the topic's class does not carry the frame's template",
        FrameRejection.SymbolMismatch => "the topic's symbol is not the frame's symbol",
        FrameRejection.Multipart => "a multipart message (TickStream messages are one frame)",
        _ => "unknown",
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool GroupFits(ReadOnlySpan<byte> frame, int offset)
    {
        var room = frame.Length - offset - GroupHeaderLength;
        if (room < 0)
        {
            return false;
        }

        var entryLength = BinaryPrimitives.ReadUInt16LittleEndian(frame[offset..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(frame[(offset + 2)..]);

        // In 64 bits: two uint16 maxima multiplied overflow an int.
        return count == 0 || (entryLength >= BookLevelFieldsLength && (long)entryLength * count <= room);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool VarDataFits(ReadOnlySpan<byte> frame, int offset)
    {
        var room = frame.Length - offset - VarDataLengthSize;
        return room >= 0 && BinaryPrimitives.ReadUInt16LittleEndian(frame[offset..]) <= room;
    }
}
