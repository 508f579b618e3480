using System.Diagnostics.CodeAnalysis;

namespace TickStream.FeedHandler;

/// <summary>
/// One ring slot: a ready-to-send ZeroMQ message (topic then SBE frame) written in place by a stream's
/// normaliser and read in place by the publisher and the journal.
/// </summary>
[SuppressMessage("Design", "CA1051:Do not declare visible instance fields",
    Justification = "A ring slot is written and read in place by reference; properties would copy the inline buffer.")]
public struct FrameSlot
{
    /// <summary>Topic and frame bytes; only the first <see cref="Length"/> are valid.</summary>
    public FrameBytes Bytes;

    /// <summary>Valid bytes in <see cref="Bytes"/>: the topic plus the SBE frame.</summary>
    public int Length;

    /// <summary>Bytes of topic at the head of <see cref="Bytes"/>; the SBE frame starts here.</summary>
    public int TopicLength;

    /// <summary>The stream the frame belongs to.</summary>
    public ushort StreamId;

    /// <summary>The stream sequence the frame carries, or 0 for frames that do not take one.</summary>
    public ulong StreamSeq;

    /// <summary>The whole message: topic then SBE frame.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Message => ((ReadOnlySpan<byte>)Bytes)[..Length];

    /// <summary>The SBE frame without its topic.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Frame => ((ReadOnlySpan<byte>)Bytes)[TopicLength..Length];
}
