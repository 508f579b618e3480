using System.Buffers.Binary;
using TickStream.Wire;

namespace TickStream.Recovery;

/// <summary>
/// The retransmission window: per stream, the last frames (Trade, Quote, BookUpdate) of its current session exactly
/// as published (topic and SBE frame), found by streamSeq. A StreamStart with a new session empties its stream's
/// window. Memory is taken a chunk at a time as the window fills, up to its caps, never up front.
/// </summary>
/// <remarks>
/// One thread appends (the gateway's proxy thread, the feed handler's window consumer); any thread may read at the
/// same time: a reader checks after each copy that the frame was not evicted meanwhile (docs/RECOVERY.md). Appending
/// takes no lock and, once the stream's pages exist, allocates nothing.
/// </remarks>
public sealed class RetransmitWindow
{
    /// <summary>The default frames held per stream.</summary>
    public const int DefaultFrames = 1 << 20;

    /// <summary>Bytes of data reserved per frame of the cap: a Quote message is 111 bytes, a Trade 103.</summary>
    public const int BytesPerFrame = 128;

    private const int StreamSeqOffset = 8;
    private const int StreamIdOffset = 8 + 36;
    private const int PrefixEnd = 8 + 40;
    private const int StartStreamIdOffset = 8 + 16;
    private const int StartBlockEnd = 8 + 18;

    private readonly StreamLog?[] _streams = new StreamLog?[ushort.MaxValue + 1];
    private readonly long _capacity;
    private readonly long _dataBytes;

    /// <summary>Creates an empty window.</summary>
    /// <param name="framesPerStream">The most frames held per stream, rounded up to a power of two (at least 16).</param>
    public RetransmitWindow(int framesPerStream = DefaultFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(framesPerStream, 1);
        _capacity = (long)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, framesPerStream));
        _dataBytes = _capacity * BytesPerFrame;
    }

    /// <summary>The most frames held per stream.</summary>
    public long FramesPerStream => _capacity;

    /// <summary>
    /// Takes one published message: a Trade, Quote or BookUpdate is appended to its stream's window, a StreamStart
    /// sets its stream's session; anything else is ignored. The message must be valid (<see cref="FrameValidator"/>).
    /// </summary>
    /// <param name="message">Topic and SBE frame.</param>
    public void Append(ReadOnlySpan<byte> message)
    {
        if (message.IsEmpty)
        {
            return;
        }

        var kind = message[0];
        if (kind is not ((byte)'T' or (byte)'Q' or (byte)'B' or (byte)'S'))
        {
            return;
        }

        var bar = message[..Math.Min(message.Length, Topic.MaxLength)].IndexOf(Topic.Terminator);
        if (bar < 0)
        {
            return;
        }

        var frame = message[(bar + 1)..];
        if (kind == (byte)'S')
        {
            if (frame.Length >= StartBlockEnd)
            {
                Stream(BinaryPrimitives.ReadUInt16LittleEndian(frame[StartStreamIdOffset..]))
                    .Start(BinaryPrimitives.ReadUInt64LittleEndian(frame[StreamSeqOffset..]));
            }

            return;
        }

        if (frame.Length >= PrefixEnd)
        {
            Stream(BinaryPrimitives.ReadUInt16LittleEndian(frame[StreamIdOffset..]))
                .Append(BinaryPrimitives.ReadUInt64LittleEndian(frame[StreamSeqOffset..]), message);
        }
    }

    /// <summary>What the window holds of a stream, or false when it has seen nothing of it.</summary>
    /// <param name="streamId">The stream.</param>
    /// <param name="session">Its current session (0 while no StreamStart was seen).</param>
    /// <param name="firstSeq">The first streamSeq held (0 when none).</param>
    /// <param name="lastSeq">The last streamSeq held (0 when none).</param>
    /// <returns>True when the stream is known.</returns>
    public bool TryGetHeld(ushort streamId, out ulong session, out ulong firstSeq, out ulong lastSeq)
    {
        firstSeq = lastSeq = 0;
        session = 0;
        var log = Volatile.Read(ref _streams[streamId]);
        if (log is null)
        {
            return false;
        }

        for (var attempt = 0; attempt < 8; attempt++)
        {
            if (log.TryView(out session, out var head, out var tail)
                && (head == tail || (log.TrySeq(head, out firstSeq) && log.TrySeq(tail - 1, out lastSeq))))
            {
                return true;
            }

            firstSeq = lastSeq = 0;
        }

        return true;
    }

    /// <summary>Frames appended to every stream's window so far.</summary>
    public long Appended
    {
        get
        {
            long total = 0;
            foreach (var log in _streams)
            {
                total += log?.Appended ?? 0;
            }

            return total;
        }
    }

    /// <summary>The log of a stream, or null when it has none yet (readers).</summary>
    internal StreamLog? Find(ushort streamId) => Volatile.Read(ref _streams[streamId]);

    // A stream's log, made when its first frame or StreamStart arrives (once per stream, not per frame).
    private StreamLog Stream(ushort streamId)
    {
        var log = _streams[streamId];
        if (log is null)
        {
            log = new StreamLog(_capacity, _dataBytes);
            Volatile.Write(ref _streams[streamId], log);
        }

        return log;
    }
}
