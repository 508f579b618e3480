namespace TickStream.Wire;

/// <summary>
/// The first byte of every topic: which kind of frame follows. A subscription to the class byte followed by
/// <see cref="Topic.SymbolSeparator"/> takes the whole class; adding the symbol and <see cref="Topic.Terminator"/>
/// takes exactly one symbol.
/// </summary>
public enum TopicClass : byte
{
    /// <summary>Trade frames: topic <c>T.SYMBOL|</c>.</summary>
    Trade = (byte)'T',

    /// <summary>Quote (top of book) frames: topic <c>Q.SYMBOL|</c>.</summary>
    Quote = (byte)'Q',

    /// <summary>BookUpdate (L2) frames: topic <c>B.SYMBOL|</c>.</summary>
    BookUpdate = (byte)'B',

    /// <summary>InstrumentDefinition frames: topic <c>I.SYMBOL|</c>.</summary>
    Instrument = (byte)'I',

    /// <summary>Heartbeat frames: topic <c>H|</c>.</summary>
    Heartbeat = (byte)'H',

    /// <summary>StreamStart frames: topic <c>S|</c>.</summary>
    StreamStart = (byte)'S',
}
