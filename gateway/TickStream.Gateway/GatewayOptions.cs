using NetMQ;

namespace TickStream.Gateway;

/// <summary>How a gateway connects, publishes, answers requests and secures its client-facing sockets.</summary>
public sealed class GatewayOptions
{
    /// <summary>Feed handlers or upstream gateways to connect the XSUB side to (at least one).</summary>
    public IList<string> Upstreams { get; } = [];

    /// <summary>The client-facing XPUB endpoint to bind.</summary>
    public string Publish { get; set; } = "tcp://*:6000";

    /// <summary>The request service ROUTER endpoint to bind.</summary>
    public string Request { get; set; } = "tcp://*:5556";

    /// <summary>
    /// Messages queued per client before ZeroMQ drops for that client alone (the client sees a sequence gap);
    /// 0 means no limit, which lets one stalled client grow the gateway's memory without bound.
    /// </summary>
    public int SendHighWatermark { get; set; } = 100_000;

    /// <summary>Messages queued from each upstream before the upstream drops for this gateway.</summary>
    public int ReceiveHighWatermark { get; set; } = 1_000_000;

    /// <summary>
    /// Prefixes the gateway subscribes to upstream for itself, whatever its clients take: <c>I.</c> for LIST and
    /// <c>S|</c> to see stream restarts and <c>H|</c> to know the upstream is alive (health) by default. Add <c>Q.</c> and <c>T.</c> to cache every symbol's last
    /// quote and trade (a snapshot then never waits for a first subscriber, at the cost of the whole feed flowing in).
    /// </summary>
    public IList<string> CachePrefixes { get; } = ["I.", "S|", "H|"];

    /// <summary>The server key pair for CurveZMQ on XPUB and ROUTER; null serves plain text.</summary>
    public NetMQCertificate? ServerCertificate { get; set; }

    /// <summary>The Z85 public key of a CURVE upstream (a gateway higher in a fan-out tree); null for plain upstreams.</summary>
    public string? UpstreamServerKey { get; set; }

    /// <summary>
    /// Who may see which symbols; null lets every client see everything. With entitlements the XPUB refuses every
    /// subscription, and clients LOGIN and SUBSCRIBE on the request socket, which streams to them alone (docs/SECURITY.md).
    /// </summary>
    public EntitlementTable? Entitlements { get; set; }

    /// <summary>A journal directory for REPLAY requests; null answers REPLAY with an error.</summary>
    public string? JournalDirectory { get; set; }

    /// <summary>The most frames one REPLAY reply carries; a longer range ends with <c>END TRUNCATED</c>.</summary>
    public int MaxReplayFrames { get; set; } = 100_000;

    /// <summary>Checks the options.</summary>
    /// <param name="error">What is wrong, naming the option.</param>
    /// <returns>True when valid.</returns>
    public bool IsValid(out string? error)
    {
        error = this switch
        {
            { Upstreams.Count: 0 } => "Gateway:Upstreams: at least one upstream endpoint (a feed handler or gateway) is required",
            { Publish: null or "" } => "Gateway:Publish: an endpoint such as tcp://*:6000 is required",
            { Request: null or "" } => "Gateway:Request: an endpoint such as tcp://*:5556 is required",
            { SendHighWatermark: < 0 } => $"Gateway:SendHighWatermark: {SendHighWatermark} is negative (0 means no limit)",
            { ReceiveHighWatermark: < 0 } => $"Gateway:ReceiveHighWatermark: {ReceiveHighWatermark} is negative (0 means no limit)",
            { MaxReplayFrames: < 1 } => $"Gateway:MaxReplayFrames: {MaxReplayFrames} is below 1",
            { ServerCertificate.HasSecretKey: false } => "Gateway:ServerCertificate: the certificate has no secret key (use the _secret file)",
            _ => null,
        };
        return error is null;
    }
}
