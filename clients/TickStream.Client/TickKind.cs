namespace TickStream.Client;

/// <summary>Which message a frame carries; the values are the schema's template ids.</summary>
public enum TickKind : byte
{
    /// <summary>Not a frame this client understands.</summary>
    None = 0,

    /// <summary>A trade (template 1).</summary>
    Trade = 1,

    /// <summary>Top of book (template 2).</summary>
    Quote = 2,

    /// <summary>L2 price level changes (template 3).</summary>
    BookUpdate = 3,

    /// <summary>Stream liveness (template 4).</summary>
    Heartbeat = 4,

    /// <summary>A stream (re)started and its sequences restart at 1 (template 5).</summary>
    StreamStart = 5,

    /// <summary>A symbol's last quote and trade, sent on request (template 6).</summary>
    Snapshot = 6,

    /// <summary>What an instrument is (template 7).</summary>
    InstrumentDefinition = 7,
}
