using System.Runtime.CompilerServices;

namespace TickStream.FeedHandler;

/// <summary>The inline bytes of one ring slot: room for a topic and the largest SBE frame the feed handler writes.</summary>
[InlineArray(Capacity)]
public struct FrameBytes
{
    /// <summary>Bytes per slot. A Snapshot, the largest fixed frame, is 161 bytes; var data is cut to fit.</summary>
    public const int Capacity = 384;

    private byte _element0;
}
