namespace TickStream.Recovery;

/// <summary>
/// Where the data frames of one transfer come from (a window, a journal, a list built on request). It is asked for
/// one message at a time, and only when the client has credit, so it never produces more than is sent.
/// </summary>
public interface IReplySource : IDisposable
{
    /// <summary>
    /// Adds frames to <paramref name="message"/> until it is full (and a further frame is known to follow), the
    /// reply is complete, or <paramref name="budget"/> (records or frames examined) is spent.
    /// </summary>
    /// <param name="message">The message being built.</param>
    /// <param name="budget">Work left in this step; decremented per record or frame examined.</param>
    /// <returns>What happened.</returns>
    ReplyProgress Fill(ReplyBuffer message, ref int budget);

    /// <summary>The last frame once <see cref="Fill"/> returned <see cref="ReplyProgress.Done"/>: <c>END</c>, <c>END ...</c> or <c>ERROR ...</c>.</summary>
    string Status { get; }
}
