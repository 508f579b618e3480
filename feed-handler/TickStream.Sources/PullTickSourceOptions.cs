namespace TickStream.Sources;

/// <summary>The settings of a <see cref="PullTickSource"/>.</summary>
public sealed record PullTickSourceOptions
{
    /// <summary>
    /// Where to listen: "@tcp://host:port" binds, "&gt;tcp://host:port" connects, no prefix binds. A port of "*"
    /// binds a free port; read it from <see cref="PullTickSource.LastEndpoint"/>.
    /// </summary>
    public string Endpoint { get; init; } = "@tcp://127.0.0.1:5570";

    /// <summary>Messages ZeroMQ queues before the producers' PUSH sockets block or drop (ZMQ_RCVHWM).</summary>
    public int ReceiveHighWatermark { get; init; } = 100_000;

    /// <summary>
    /// The largest message accepted, in bytes (ZMQ_MAXMSGSIZE). ZeroMQ drops a larger message together with the
    /// producer's connection (the producer reconnects); such drops cannot be counted per message.
    /// </summary>
    public int MaxMessageSize { get; init; } = 4096;

    /// <summary>How long one receive waits before cancellation is checked again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Reference data for symbols seen for the first time; null for the registry's default.</summary>
    public InstrumentSpec? NewInstrumentSpec { get; init; }
}
