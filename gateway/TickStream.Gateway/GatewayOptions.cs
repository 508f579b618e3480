using NetMQ;
using TickStream.Recovery;

namespace TickStream.Gateway;

/// <summary>How a gateway connects, publishes, answers requests and secures its client-facing sockets.</summary>
public sealed class GatewayOptions
{
    // Room for an InstrumentDefinition with a long description; the CurveZMQ handshake's largest command is under 512 bytes.
    private const int MinUpstreamMessageSize = 1024;
    private const int MinSubscriptionMessageSize = 512;
    private const int MinRequestMessageSize = 512;

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

    /// <summary>
    /// The largest upstream message, in bytes, the XSUB socket accepts (ZeroMQ <c>MaxMsgSize</c>). ZeroMQ closes the
    /// connection of an upstream that sends a longer one, without delivering it, and reconnects; the gateway counts
    /// the disconnect (<see cref="GatewayCounters.UpstreamDisconnects"/>). The default, 64 KiB, holds a BookUpdate of
    /// 2 700 levels; a Quote message is 111 bytes.
    /// </summary>
    public int MaxUpstreamMessageSize { get; set; } = 64 * 1024;

    /// <summary>
    /// The largest subscription message, in bytes, the client-facing XPUB accepts: a subscription is one byte and a
    /// topic prefix (at most 19 bytes), so anything longer closes that client's connection. 1 KiB leaves room for
    /// the CurveZMQ handshake, which passes through the same limit.
    /// </summary>
    public int MaxSubscriptionMessageSize { get; set; } = 1024;

    /// <summary>
    /// The largest request frame, in bytes, the ROUTER accepts; a longer one closes the requester's connection
    /// without a reply. Requests up to 4096 bytes are served; between that and this limit they are answered with an
    /// error that says so.
    /// </summary>
    public int MaxRequestMessageSize { get; set; } = 8 * 1024;

    /// <summary>
    /// Retransmission and credit-based replies (docs/RECOVERY.md): the window's frames per stream
    /// (<c>--retransmit-window</c>), the most credit a client may hold (<c>--max-credit</c>), frames per reply message
    /// (<c>--max-reply-frames</c>), transfers open at once (<c>--max-transfers</c>) and the idle expiry
    /// (<c>--transfer-idle-timeout</c>).
    /// </summary>
    public TransferOptions Transfers { get; } = new();

    /// <summary>
    /// The most LOGIN sessions open at once (one per request connection); a LOGIN beyond it is answered with an error
    /// and counted (<see cref="GatewayCounters.LimitRefusals"/>). A session ends with its connection.
    /// </summary>
    public int MaxSessions { get; set; } = 10_000;

    /// <summary>The most symbols one session may SUBSCRIBE to; a SUBSCRIBE that would pass it is refused whole.</summary>
    public int MaxSymbolsPerSession { get; set; } = 10_000;

    /// <summary>
    /// Messages the request ROUTER queues per connection, each way (its send and receive high-water marks): replies
    /// and routed stream frames to a client that does not read are dropped beyond it (counted as replies dropped).
    /// </summary>
    public int RequestHighWatermark { get; set; } = 1_000;

    /// <summary>
    /// How often the gateway sends a ZMTP heartbeat (PING) on each request connection; the client's ZeroMQ stack
    /// answers it by itself. Zero turns heartbeats off (a peer that vanishes without closing its TCP connection then
    /// keeps its session until the operating system notices).
    /// </summary>
    public TimeSpan ClientHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A request connection from which nothing (not even a heartbeat answer) arrived for this long after a PING is
    /// closed, and its session with it.
    /// </summary>
    public TimeSpan ClientTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>At most this many log lines per second about requests answered with an error; past it they are counted.</summary>
    public int RequestErrorLogLinesPerSecond { get; set; } = 10;

    /// <summary>
    /// At most this many log lines per second about dropped upstream messages (one line each); past it they are
    /// counted and one line says how many more were suppressed.
    /// </summary>
    public int RejectionLogLinesPerSecond { get; set; } = 10;

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
            { MaxUpstreamMessageSize: < MinUpstreamMessageSize } =>
                $"Gateway:MaxUpstreamMessageSize: {MaxUpstreamMessageSize} bytes is below {MinUpstreamMessageSize} (every Quote, Trade and InstrumentDefinition must fit)",
            { MaxSubscriptionMessageSize: < MinSubscriptionMessageSize } =>
                $"Gateway:MaxSubscriptionMessageSize: {MaxSubscriptionMessageSize} bytes is below {MinSubscriptionMessageSize} (the CurveZMQ handshake passes through this limit too)",
            { MaxRequestMessageSize: < MinRequestMessageSize } =>
                $"Gateway:MaxRequestMessageSize: {MaxRequestMessageSize} bytes is below {MinRequestMessageSize} (the CurveZMQ handshake passes through this limit too)",
            { RejectionLogLinesPerSecond: < 0 } => $"Gateway:RejectionLogLinesPerSecond: {RejectionLogLinesPerSecond} is negative (0 logs only the suppressed counts)",
            { ServerCertificate.HasSecretKey: false } => "Gateway:ServerCertificate: the certificate has no secret key (use the _secret file)",
            { MaxSessions: < 1 } => $"Gateway:MaxSessions: {MaxSessions} is below 1",
            { MaxSymbolsPerSession: < 1 } => $"Gateway:MaxSymbolsPerSession: {MaxSymbolsPerSession} is below 1",
            { RequestHighWatermark: < 1 } => $"Gateway:RequestHighWatermark: {RequestHighWatermark} is below 1 (every connection needs a bounded queue)",
            { ClientHeartbeatInterval.Ticks: < 0 } => $"Gateway:ClientHeartbeatInterval: {ClientHeartbeatInterval} is negative (zero turns heartbeats off)",
            _ when ClientHeartbeatInterval > TimeSpan.Zero && ClientTimeout < ClientHeartbeatInterval =>
                $"Gateway:ClientTimeout: {ClientTimeout} is shorter than the heartbeat interval {ClientHeartbeatInterval}",
            { RequestErrorLogLinesPerSecond: < 0 } => $"Gateway:RequestErrorLogLinesPerSecond: {RequestErrorLogLinesPerSecond} is negative",
            _ => null,
        };
        if (error is null && !Transfers.IsValid("Gateway", out error))
        {
            return false;
        }

        return error is null;
    }
}
