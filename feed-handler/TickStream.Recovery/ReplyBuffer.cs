namespace TickStream.Recovery;

/// <summary>The data frames of one reply message being built, within a frame and a byte limit.</summary>
public sealed class ReplyBuffer
{
    private readonly List<byte[]> _frames = [];

    /// <summary>Creates an empty buffer.</summary>
    /// <param name="maxFrames">The most data frames in one message.</param>
    /// <param name="maxBytes">About the most bytes in one message: a frame is taken while the total is below it.</param>
    public ReplyBuffer(int maxFrames, int maxBytes)
    {
        MaxFrames = maxFrames;
        MaxBytes = maxBytes;
    }

    /// <summary>The most data frames in one message.</summary>
    public int MaxFrames { get; }

    /// <summary>About the most bytes in one message.</summary>
    public int MaxBytes { get; }

    /// <summary>The frames so far.</summary>
    public IReadOnlyList<byte[]> Frames => _frames;

    /// <summary>Bytes of the frames so far.</summary>
    public int Bytes { get; private set; }

    /// <summary>Adds a frame when it fits (a first frame always fits).</summary>
    /// <param name="frame">The frame; kept, not copied.</param>
    /// <returns>False when the message is full.</returns>
    public bool TryAdd(byte[] frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (_frames.Count > 0 && (_frames.Count >= MaxFrames || Bytes + frame.Length > MaxBytes))
        {
            return false;
        }

        _frames.Add(frame);
        Bytes += frame.Length;
        return true;
    }

    /// <summary>Empties the buffer for the next message.</summary>
    public void Clear()
    {
        _frames.Clear();
        Bytes = 0;
    }
}
