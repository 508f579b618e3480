namespace TickStream.Recovery;

/// <summary>One reply in progress: its requester, where its frames come from, the message being built and the credit left.</summary>
internal sealed class Transfer(ReplyEnvelope envelope, IReplySource source, ReplyBuffer buffer, bool retransmit, long nowMs)
{
    public ReplyEnvelope Envelope { get; } = envelope;

    public string Key { get; } = envelope.Key;

    public IReplySource Source { get; } = source;

    public ReplyBuffer Buffer { get; } = buffer;

    public bool Retransmit { get; } = retransmit;

    /// <summary>Messages the client has granted and not yet been sent.</summary>
    public int Credit { get; set; } = 1;

    /// <summary>When a message was last sent or credit last granted (<see cref="Environment.TickCount64"/>).</summary>
    public long LastActivityMs { get; set; } = nowMs;
}
