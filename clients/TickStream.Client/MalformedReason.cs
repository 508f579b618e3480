namespace TickStream.Client;

/// <summary>Why a received message was dropped as malformed.</summary>
public enum MalformedReason : byte
{
    /// <summary>The frame is well formed.</summary>
    None = 0,

    /// <summary>No <c>'|'</c> ends a topic within the first 19 bytes.</summary>
    NoTopic,

    /// <summary>Shorter than the SBE header, or than the block its header announces, or than the template needs; or a group or var data field that lies past the frame's end.</summary>
    TooShort,

    /// <summary>The header's schema id is not 100: not a TickStream frame.</summary>
    WrongSchema,

    /// <summary>A template id this client does not know.</summary>
    UnknownTemplate,

    /// <summary>The topic's class does not match the frame's template (a Trade under <c>Q.</c>), or its symbol is not the frame's.</summary>
    TopicMismatch,
}
