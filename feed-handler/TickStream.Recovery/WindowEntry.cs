namespace TickStream.Recovery;

/// <summary>Where one frame of a stream's window lies: its streamSeq and its bytes' logical position and length.</summary>
internal struct WindowEntry
{
    /// <summary>The frame's streamSeq.</summary>
    public ulong Seq;

    /// <summary>The logical byte position of the message (topic and frame) in the stream's data pages.</summary>
    public long Start;

    /// <summary>The message's length in bytes.</summary>
    public int Length;
}
