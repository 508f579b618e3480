namespace TickStream.Recovery;

/// <summary>What one step of a reply source did to the message being built.</summary>
public enum ReplyProgress
{
    /// <summary>The message is full and at least one more frame follows: send it ending in <c>MORE</c>.</summary>
    Full,

    /// <summary>The reply is complete: send the message ending in the source's <see cref="IReplySource.Status"/>.</summary>
    Done,

    /// <summary>The step's budget is spent before the message is full: call again later (nothing is sent yet).</summary>
    Yield,
}
