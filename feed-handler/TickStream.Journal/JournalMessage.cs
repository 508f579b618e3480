using System.Buffers.Binary;

namespace TickStream.Journal;

/// <summary>
/// The few fields the journal reads from a stored message (topic then SBE frame, docs/WIRE.md): the topic's symbol
/// for symbol counts and filters and the SBE header's template id for per-type counts. Everything else stays opaque.
/// </summary>
internal static class JournalMessage
{
    /// <summary>The topic's '|' is within the first 19 bytes (docs/WIRE.md section 1).</summary>
    public const int MaxTopicLength = 19;

    /// <summary>Bytes of the SBE message header.</summary>
    public const int SbeHeaderLength = 8;

    /// <summary>Bytes of the topic including its '|', or -1 when there is no '|' where a topic must end.</summary>
    public static int TopicLength(ReadOnlySpan<byte> message)
    {
        int pipe = message[..Math.Min(message.Length, MaxTopicLength)].IndexOf((byte)'|');
        return pipe < 0 ? -1 : pipe + 1;
    }

    /// <summary>
    /// The symbol of a per-symbol topic (<c>T.</c>, <c>Q.</c>, <c>B.</c>, <c>I.</c> then the symbol then '|');
    /// false for stream-wide topics (<c>H|</c>, <c>S|</c>) and for messages without a topic.
    /// </summary>
    public static bool TryGetSymbol(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> symbol)
    {
        int topicLength = TopicLength(message);
        if (topicLength > 3 && message[1] == (byte)'.')
        {
            symbol = message[2..(topicLength - 1)];
            return true;
        }

        symbol = default;
        return false;
    }

    /// <summary>
    /// The SBE template id after the topic, when the frame has a full SBE header of TickStream's schema id;
    /// -1 otherwise.
    /// </summary>
    public static int TemplateId(ReadOnlySpan<byte> message)
    {
        int topicLength = TopicLength(message);
        if (topicLength < 0 || message.Length - topicLength < SbeHeaderLength)
        {
            return -1;
        }

        ReadOnlySpan<byte> header = message[topicLength..];
        return BinaryPrimitives.ReadUInt16LittleEndian(header[4..]) == JournalFormat.TickStreamSchemaId
            ? BinaryPrimitives.ReadUInt16LittleEndian(header[2..])
            : -1;
    }

    /// <summary>The name of a TickStream template id (docs/WIRE.md section 2).</summary>
    public static string TemplateName(int templateId) => templateId switch
    {
        1 => "Trade",
        2 => "Quote",
        3 => "BookUpdate",
        4 => "Heartbeat",
        5 => "StreamStart",
        6 => "Snapshot",
        7 => "InstrumentDefinition",
        -1 => "(not a TickStream frame)",
        _ => "template " + templateId.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
