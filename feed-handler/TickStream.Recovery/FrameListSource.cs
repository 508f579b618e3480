namespace TickStream.Recovery;

/// <summary>A reply whose frames are all known when it is asked for (a snapshot, a list), sent in credit-sized messages.</summary>
/// <param name="frames">The data frames in order.</param>
/// <param name="status">The last frame after them (<c>END</c>).</param>
public sealed class FrameListSource(IReadOnlyList<byte[]> frames, string status = "END") : IReplySource
{
    private int _next;

    /// <inheritdoc />
    public string Status => status;

    /// <inheritdoc />
    public ReplyProgress Fill(ReplyBuffer message, ref int budget)
    {
        ArgumentNullException.ThrowIfNull(message);
        for (; _next < frames.Count; _next++)
        {
            if (!message.TryAdd(frames[_next]))
            {
                return ReplyProgress.Full;
            }

            budget--;
        }

        return ReplyProgress.Done;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
