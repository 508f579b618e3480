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

    /// <summary>Checks the options and throws an <see cref="ArgumentException"/> that says which one is wrong.</summary>
    public void Validate()
    {
        if (Endpoints.Count == 0)
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

        if (RecordBufferFullMode == BoundedChannelFullMode.Wait)
        {
            throw new ArgumentException("RecordBufferFullMode Wait would block the receive thread; pick a drop mode", nameof(RecordBufferFullMode));
        }
    }
}
