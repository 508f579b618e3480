namespace TickStream.Client;

/// <summary>A change in one stream's state: stale, recovered, restarted or tail loss.</summary>
/// <param name="streamId">The stream.</param>
/// <param name="silence">For stale and recovered: how long nothing arrived on it.</param>
/// <param name="value">For a restart: the new session id; for a tail loss: the frames lost.</param>
public sealed class StreamEventArgs(ushort streamId, TimeSpan silence, ulong value) : EventArgs
{
    /// <summary>The stream.</summary>
    public ushort StreamId { get; } = streamId;

    /// <summary>For stale and recovered: how long nothing arrived on the stream.</summary>
    public TimeSpan Silence { get; } = silence;

    /// <summary>For a restart: the new session id; for a tail loss: how many frames were lost.</summary>
    public ulong Value { get; } = value;
}
