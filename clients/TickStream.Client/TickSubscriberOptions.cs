using System.Threading.Channels;

namespace TickStream.Client;

/// <summary>How a <see cref="TickSubscriber"/> connects and what it tolerates.</summary>
public sealed class TickSubscriberOptions
{
    /// <summary>ZeroMQ endpoints to connect to, e.g. <c>tcp://127.0.0.1:5555</c>.</summary>
    public IList<string> Endpoints { get; } = [];

    /// <summary>
    /// Messages ZeroMQ queues before it drops; NetMQ's default of 1000 drops under bursts, hence a large default.
    /// </summary>
    public int ReceiveHighWatermark { get; set; } = 1_000_000;

    /// <summary>Largest message accepted; a peer sending more is disconnected by ZeroMQ.</summary>
    public long MaxMessageSize { get; set; } = 64 * 1024;

    /// <summary>A stream with no frame and no heartbeat for this long is reported stale.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long <see cref="TickSubscriber.Dispose"/> waits for the receive thread.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Records buffered for <see cref="TickSubscriber.ReadAllAsync"/> before the oldest are dropped.</summary>
    public int RecordBufferCapacity { get; set; } = 65_536;

    /// <summary>
    /// What a full record buffer does. Anything but waiting: the receive thread never blocks on a slow reader
    /// (blocking would only move the loss into ZeroMQ, where it cannot be counted).
    /// </summary>
    public BoundedChannelFullMode RecordBufferFullMode { get; set; } = BoundedChannelFullMode.DropOldest;

    /// <summary>Symbols to subscribe at start (their T, Q, B and I topics).</summary>
    public IList<string> Symbols { get; } = [];

    /// <summary>Subscribe to every frame at start.</summary>
    public bool SubscribeAll { get; set; }

    /// <summary>
    /// The gateway's CurveZMQ public key (32 bytes; <c>NetMQ.NetMQCertificate.FromPublicKey(z85).PublicKey</c>)
    /// to talk CurveZMQ to it; plain text when null. A wrong key fails the handshake: nothing arrives.
    /// </summary>
    public byte[]? CurveServerKey { get; set; }

    /// <summary>This client's CurveZMQ key pair; a fresh one per connection when null and a server key is set.</summary>
    public NetMQ.NetMQCertificate? CurveCertificate { get; set; }

    /// <summary>
    /// The request (ROUTER) endpoint of the publisher's retransmission service (a gateway's <c>--req</c>, a feed
    /// handler's <c>--req</c>; docs/RECOVERY.md). When set, a sequence gap is repaired: the missing frames are asked
    /// for with <c>RETRANSMIT</c> off the receive thread, the stream's live frames are held meanwhile, and the
    /// retransmitted and held frames are delivered in sequence order. Null (the default): gaps are only reported.
    /// </summary>
    public string? RequestEndpoint { get; set; }

    /// <summary>The request service's CurveZMQ public key (Z85, 40 characters) when it uses CurveZMQ; plain when null.</summary>
    public string? RequestServerKey { get; set; }

    /// <summary>
    /// A credential of a gateway's entitlements (docs/SECURITY.md): when set, the subscriber logs in on
    /// <see cref="RequestEndpoint"/> (CurveZMQ, <see cref="RequestServerKey"/>), subscribes <see cref="Symbols"/> there,
    /// and receives their frames on that connection instead of <see cref="Endpoints"/>. The constructor throws a
    /// <see cref="GatewayRequestException"/> when the login or a symbol is refused. Gaps are reported, not repaired.
    /// </summary>
    public string? Credential { get; set; }

    /// <summary>With <see cref="Credential"/>: how long the login and each SUBSCRIBE may take.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// With <see cref="RequestEndpoint"/>: live frames held, over all streams, while repairs are outstanding, and the
    /// most frames one repair reply may bring. Beyond it the subscriber gives up the outstanding repairs of the
    /// stream (counted in <see cref="SubscriberCounters.GapsLost"/>) and delivers what it has. The default is the
    /// servers' default window per stream (1 048 576 frames, about 150 MiB when full): a gap the window can fill,
    /// the client can hold; a smaller limit turns a long pause (5 s at 20 000 ticks/s is 100 000 frames) into loss.
    /// </summary>
    public int RepairHoldLimit { get; set; } = 1 << 20;

    /// <summary>With <see cref="RequestEndpoint"/>: how long to wait for each message of a repair reply; no reply in time is a lost repair.</summary>
    public TimeSpan RepairTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// With <see cref="RequestEndpoint"/>: how long a stream's tracked keys must be quiet, with a Heartbeat showing the
    /// stream past the last tick received, before the subscriber asks for what may have followed each key's last
    /// frame (a lost tail: no later frame of the key reveals it). One request per quiet period, not per heartbeat;
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns tail checks off. Default 1 s.
    /// </summary>
    public TimeSpan TailRepairQuiet { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Checks the options and throws an <see cref="ArgumentException"/> that says which one is wrong.</summary>
    public void Validate()
    {
        if (Credential is not null && (RequestEndpoint is null || RequestServerKey is null || SubscribeAll || Symbols.Count == 0))
        {
            throw new ArgumentException("a Credential needs the RequestEndpoint and its RequestServerKey, and Symbols by name (an entitled session cannot subscribe to everything)", nameof(Credential));
        }

        if (Endpoints.Count == 0 && Credential is null)
        {
            throw new ArgumentException("at least one endpoint is needed, e.g. tcp://127.0.0.1:5555", nameof(Endpoints));
        }

        if (CurveServerKey is { Length: not 32 })
        {
            throw new ArgumentException($"CurveServerKey must be 32 bytes, not {CurveServerKey.Length}", nameof(CurveServerKey));
        }

        if (ReceiveHighWatermark < 0)
        {
            throw new ArgumentException($"ReceiveHighWatermark must be 0 (no limit) or more, not {ReceiveHighWatermark}", nameof(ReceiveHighWatermark));
        }

        if (MaxMessageSize < 64)
        {
            throw new ArgumentException($"MaxMessageSize must be at least 64 bytes, not {MaxMessageSize}", nameof(MaxMessageSize));
        }

        if (HeartbeatTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"HeartbeatTimeout must be positive, not {HeartbeatTimeout}", nameof(HeartbeatTimeout));
        }

        if (RecordBufferCapacity < 1)
        {
            throw new ArgumentException($"RecordBufferCapacity must be at least 1, not {RecordBufferCapacity}", nameof(RecordBufferCapacity));
        }

        if (RequestEndpoint is { } request && !request.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"RequestEndpoint '{request}' is not an endpoint such as tcp://127.0.0.1:5556", nameof(RequestEndpoint));
        }

        if (RequestServerKey is { Length: not 40 })
        {
            throw new ArgumentException($"RequestServerKey must be a Z85 public key of 40 characters, not {RequestServerKey.Length}", nameof(RequestServerKey));
        }

        if (RepairHoldLimit < 1)
        {
            throw new ArgumentException($"RepairHoldLimit must be at least 1, not {RepairHoldLimit}", nameof(RepairHoldLimit));
        }

        if (RepairTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"RepairTimeout must be positive, not {RepairTimeout}", nameof(RepairTimeout));
        }

        if (TailRepairQuiet < TimeSpan.Zero && TailRepairQuiet != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"TailRepairQuiet must be 0 or more (or infinite: no tail checks), not {TailRepairQuiet}", nameof(TailRepairQuiet));
        }

        if (RecordBufferFullMode == BoundedChannelFullMode.Wait)
        {
            throw new ArgumentException("RecordBufferFullMode Wait would block the receive thread; pick a drop mode", nameof(RecordBufferFullMode));
        }
    }
}
