namespace TickStream.Wire;

/// <summary>Why a received message is not a TickStream message a receiver may pass on (see <see cref="FrameValidator"/>).</summary>
public enum FrameRejection : byte
{
    /// <summary>The message is valid.</summary>
    None = 0,

    /// <summary>No <c>'|'</c> ends a topic within the first <see cref="Topic.MaxLength"/> bytes.</summary>
    NoTopic,

    /// <summary>
    /// The topic is not one of the live stream's: <c>T.</c>, <c>Q.</c>, <c>B.</c> or <c>I.</c> then a valid symbol
    /// and <c>'|'</c>, or exactly <c>H|</c> or <c>S|</c>.
    /// </summary>
    BadTopic,

    /// <summary>Shorter than the 8-byte SBE message header.</summary>
    TooShortForHeader,

    /// <summary>The header's schema id is not 100: not a TickStream frame.</summary>
    WrongSchema,

    /// <summary>A template id this build does not know.</summary>
    UnknownTemplate,

    /// <summary>The header's blockLength is shorter than the template's fixed block in this build's schema.</summary>
    BlockTooShort,

    /// <summary>The frame ends before the block its header announces.</summary>
    TruncatedBlock,

    /// <summary>A repeating group's dimensions or entries lie past the frame's end, or its entries are shorter than their fields.</summary>
    TruncatedGroup,

    /// <summary>A var data field's length or bytes lie past the frame's end.</summary>
    TruncatedVarData,

    /// <summary>The topic's class does not carry the frame's template (a Trade under <c>Q.</c>).</summary>
    TopicMismatch,

    /// <summary>The topic's symbol is not the frame's symbol field.</summary>
    SymbolMismatch,

    /// <summary>
    /// A ZeroMQ message of more than one frame: every TickStream message is a single frame. The validator sees one
    /// frame at a time and never returns this; receivers that see the framing report it.
    /// </summary>
    Multipart,
}
