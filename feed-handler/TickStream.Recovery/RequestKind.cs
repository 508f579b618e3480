namespace TickStream.Recovery;

/// <summary>The kinds of request a request service counts (docs/GATEWAY.md section 4, docs/RECOVERY.md).</summary>
public enum RequestKind
{
    /// <summary>Not understood (answered with an error).</summary>
    Other,

    /// <summary><c>SNAPSHOT</c>.</summary>
    Snapshot,

    /// <summary><c>LIST</c>.</summary>
    List,

    /// <summary><c>REPLAY</c>.</summary>
    Replay,

    /// <summary><c>RETRANSMIT</c>.</summary>
    Retransmit,

    /// <summary><c>CREDIT</c>.</summary>
    Credit,

    /// <summary><c>CANCEL</c>.</summary>
    Cancel,

    /// <summary><c>LOGIN</c>.</summary>
    Login,

    /// <summary><c>SUBSCRIBE</c> and <c>UNSUBSCRIBE</c>.</summary>
    Subscribe,
}
