namespace TickStream.LoadTest;

/// <summary>What publishes the ticks in a scenario.</summary>
internal enum PublisherPath
{
    /// <summary>Synthetic source, normaliser, ring and XPUB of the feed handler; one frame per tick.</summary>
    TickStream,

    /// <summary>Raw NetMQ: the same source's pacing, a pre-built frame stamped with the send time, one frame.</summary>
    RawOneFrame,

    /// <summary>Raw NetMQ: as <see cref="RawOneFrame"/> but the topic and the SBE frame as two ZeroMQ frames.</summary>
    RawTwoFrame,
}
