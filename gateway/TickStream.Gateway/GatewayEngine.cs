using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetMQ;
using NetMQ.Monitoring;
using NetMQ.Sockets;
using TickStream.Recovery;
using TickStream.Wire;

namespace TickStream.Gateway;

/// <summary>
/// A gateway: an XSUB side connected to feed handlers or upstream gateways, an XPUB side for clients, a ROUTER
/// request service, and the last value cache, all driven by one proxy thread (a <see cref="NetMQPoller"/>), so
/// the cache, the sessions and the counters need no locks.
/// </summary>
/// <remarks>
/// Subscriptions are forwarded: only topics some client (or the gateway's own
/// <see cref="GatewayOptions.CachePrefixes"/>) subscribes to flow from upstream. Frames move from XSUB to XPUB
/// as the same <see cref="Msg"/>, without copying or allocating. With entitlements the XPUB refuses every
/// subscription and an entitled client takes the stream from the request socket after LOGIN and SUBSCRIBE, routed
/// to its connection alone (docs/SECURITY.md).
/// <para>Every upstream message is checked by <see cref="FrameValidator.ValidateMessage"/> before the cache and
/// before forwarding; a message that fails, or a multipart one, is dropped whole, counted by cause
/// (<see cref="GatewayCounters.RejectedBy"/>) and logged in one line, at most
/// <see cref="GatewayOptions.RejectionLogLinesPerSecond"/> lines a second. Every receiving socket has a ZeroMQ
/// <c>MaxMsgSize</c> (docs/GATEWAY.md, upstream validation and limits).</para>
/// </remarks>
public sealed class GatewayEngine : IDisposable
{
    // Upper bound of messages moved per readiness event, so requests and subscriptions get a turn under load.
    private const int Batch = 4096;

    private readonly GatewayOptions _options;
    private readonly ILogger _logger;
    private readonly LastValueCache _cache = new();
    private readonly SessionRegistry _sessions = new();
    private readonly SessionRoutes _routes = new();
    private readonly RequestService _requests;
    private readonly RejectionLog _rejections;
    private readonly RetransmitWindow _window;

    // What the ROUTER delivers, behind a connection's routing id, when that connection ends (NetMQ's
    // DisconnectMessage). Random per gateway, so no client can send it as a request.
    private readonly byte[] _disconnectMarker = RandomNumberGenerator.GetBytes(32);
    private NetMQTimer? _pumpTimer;
    private XSubscriberSocket? _upstream;
    private NetMQMonitor? _upstreamMonitor;
    private XPublisherSocket? _publisher;
    private RouterSocket? _router;
    private NetMQPoller? _poller;
    private int _cachedSymbols;
    private int _started;
    private int _stopped;

    /// <summary>Creates a gateway; <see cref="Start"/> binds and connects.</summary>
    /// <param name="options">Valid options (see <see cref="GatewayOptions.IsValid"/>).</param>
    /// <param name="logger">Where to log; null for nowhere.</param>
    public GatewayEngine(GatewayOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsValid(out var error))
        {
            throw new ArgumentException(error, nameof(options));
        }

        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _window = new RetransmitWindow(options.Transfers.WindowFrames);
        _requests = new RequestService(options, _cache, _sessions, _routes, Counters, (action, prefix) => SendUpstream(action, prefix),
            _window, new RequestErrorLog(_logger, options.RequestErrorLogLinesPerSecond));

        // XSUB does not say which connection a message came from: name the upstream only when there is one.
        var upstream = options.Upstreams.Count == 1 ? options.Upstreams[0] : $"one of {options.Upstreams.Count} upstreams ({string.Join(", ", options.Upstreams)})";
        _rejections = new RejectionLog(_logger, options.RejectionLogLinesPerSecond, upstream);
    }

    /// <summary>What the gateway has done.</summary>
    public GatewayCounters Counters { get; } = new();

    /// <summary>The bound XPUB endpoint (with the real port when bound to <c>*</c>).</summary>
    public string PublishEndpoint { get; private set; } = "";

    /// <summary>The bound ROUTER endpoint.</summary>
    public string RequestEndpoint { get; private set; } = "";

    /// <summary>The retransmission window: the last frames of every stream that flowed through, by streamSeq.</summary>
    public RetransmitWindow Window => _window;

    /// <summary>How many (stream, symbol) pairs the cache holds, as of the last upstream batch.</summary>
    public int CachedSymbols => Volatile.Read(ref _cachedSymbols);

    /// <summary>Binds, connects upstream and starts the proxy thread.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The gateway is already started.");
        }

        try
        {
            _publisher = new XPublisherSocket();
            _publisher.Options.SendHighWatermark = _options.SendHighWatermark;
            _publisher.Options.MaxMsgSize = _options.MaxSubscriptionMessageSize;
            _publisher.Options.Linger = TimeSpan.Zero;
            if (_options.Entitlements is not null)
            {
                _publisher.Options.ManualPublisher = true;
            }

            _router = new RouterSocket();
            _router.Options.MaxMsgSize = _options.MaxRequestMessageSize;
            _router.Options.Linger = TimeSpan.Zero;
            _router.Options.SendHighWatermark = _options.RequestHighWatermark;
            _router.Options.ReceiveHighWatermark = _options.RequestHighWatermark;

            // A connection's end is a message on its own pipe, after everything it sent and before its routing id is
            // released: the session ends before another connection can take the id (docs/SECURITY.md).
            _router.Options.DisconnectMessage = _disconnectMarker;
            if (_options.ClientHeartbeatInterval > TimeSpan.Zero)
            {
                _router.Options.HeartbeatInterval = _options.ClientHeartbeatInterval;
                _router.Options.HeartbeatTimeout = _options.ClientTimeout;
            }
            if (_options.ServerCertificate is { } certificate)
            {
                _publisher.Options.CurveServer = true;
                _publisher.Options.CurveCertificate = certificate;
                _router.Options.CurveServer = true;
                _router.Options.CurveCertificate = certificate;
            }

            _publisher.Bind(_options.Publish);
            PublishEndpoint = _publisher.Options.LastEndpoint ?? _options.Publish;
            _router.Bind(_options.Request);
            RequestEndpoint = _router.Options.LastEndpoint ?? _options.Request;

            _upstream = new XSubscriberSocket();
            _upstream.Options.ReceiveHighWatermark = _options.ReceiveHighWatermark;
            _upstream.Options.MaxMsgSize = _options.MaxUpstreamMessageSize;
            _upstream.Options.Linger = TimeSpan.Zero;
            if (_options.UpstreamServerKey is { } serverKey)
            {
                _upstream.Options.CurveServerKey = NetMQCertificate.FromPublicKey(serverKey).PublicKey;
                _upstream.Options.CurveCertificate = new NetMQCertificate();
            }

            foreach (var prefix in _options.CachePrefixes)
            {
                SendUpstream(1, Encoding.ASCII.GetBytes(prefix));
            }

            // An upstream that sends an oversized message loses its connection inside ZeroMQ; the monitor is the
            // only place that shows it. Its events are rare and arrive on the proxy thread.
            _upstreamMonitor = new NetMQMonitor(_upstream, $"inproc://gateway-upstream-monitor-{Guid.NewGuid():N}", SocketEvents.Disconnected);
            _upstreamMonitor.Disconnected += OnUpstreamDisconnected;

            foreach (var endpoint in _options.Upstreams)
            {
                _upstream.Connect(endpoint);
            }
        }
        catch
        {
            DisposeSockets();
            throw;
        }

        _upstream.ReceiveReady += OnUpstreamReady;
        _publisher.ReceiveReady += OnSubscriptionReady;
        _router.ReceiveReady += OnRequestReady;
        var flushTimer = new NetMQTimer(TimeSpan.FromSeconds(1));
        flushTimer.Elapsed += (_, _) =>
        {
            _rejections.Flush(Environment.TickCount64);
            _requests.Transfers.Expire(Environment.TickCount64);
        };

        // Runs while some transfer has credit: sends what it allows, a bounded amount of work per tick, so a long
        // journal scan shares the proxy thread with the live frames instead of stalling them.
        _pumpTimer = new NetMQTimer(TimeSpan.FromMilliseconds(1)) { Enable = false };
        _pumpTimer.Elapsed += (_, _) => PumpTransfers();
        _poller = [_upstream, _publisher, _router, flushTimer, _pumpTimer];
        _upstreamMonitor!.AttachToPoller(_poller);
        _poller.RunAsync("gateway-proxy", isBackgroundThread: true);
        GatewayLog.Started(_logger, string.Join(", ", _options.Upstreams), PublishEndpoint, RequestEndpoint,
            _options.ServerCertificate is null ? "plain" : "CURVE", _options.Entitlements is null ? "none" : $"{_options.Entitlements.Count} credentials");
    }

    /// <summary>Stops the proxy thread and closes the sockets. Idempotent.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        if (_poller is { IsRunning: true })
        {
            _poller.Stop();
        }

        if (_upstreamMonitor is not null && _poller is not null)
        {
            _upstreamMonitor.DetachFromPoller();
        }

        _poller?.Dispose();
        _requests.Transfers.Clear();
        _rejections.Flush(Environment.TickCount64);
        DisposeSockets();
        GatewayLog.Stopped(_logger, Counters);
    }

    /// <inheritdoc />
    public void Dispose() => Stop();

    private void OnUpstreamReady(object? sender, NetMQSocketEventArgs e)
    {
        var upstream = _upstream!;
        var publisher = _publisher!;
        var msg = default(Msg);
        msg.InitEmpty();
        var inMultipart = false;
        for (var i = 0; i < Batch && upstream.TryReceive(ref msg, TimeSpan.Zero); i++)
        {
            var more = msg.HasMore;
            if (inMultipart)
            {
                // The rest of a multipart message, already counted and logged with its first part.
                inMultipart = more;
                Drop(ref msg);
                continue;
            }

            Counters.AddFrameIn();
            var message = msg.Slice();
            var rejection = more ? FrameRejection.Multipart : FrameValidator.ValidateMessage(message, out _, out _);
            if (rejection != FrameRejection.None)
            {
                Counters.AddRejected(rejection);
                _rejections.Report(rejection, message, Environment.TickCount64);
                inMultipart = more;
                Drop(ref msg);
                continue;
            }

            if (!_cache.Apply(message))
            {
                Counters.AddUncached();
            }

            _window.Append(message);

            if (_routes.Count > 0)
            {
                RouteToSessions(ref msg);
            }

            // The same Msg goes out: its buffer is handed over, never copied.
            if (publisher.TrySend(ref msg, TimeSpan.Zero, more: false))
            {
                Counters.AddFrameOut();
            }
            else
            {
                Counters.AddSendFailure();
            }
        }

        // A multipart message cut by the batch limit: its remaining parts arrive first next time.
        if (inMultipart)
        {
            DrainMultipart(upstream, ref msg);
        }

        msg.Close();
        Volatile.Write(ref _cachedSymbols, _cache.Count);
    }

    // Receives and drops the remaining parts of a multipart message (ZeroMQ delivers them all at once, so none waits).
    private static void DrainMultipart(XSubscriberSocket upstream, ref Msg msg)
    {
        while (upstream.TryReceive(ref msg, TimeSpan.Zero))
        {
            var more = msg.HasMore;
            Drop(ref msg);
            if (!more)
            {
                return;
            }
        }
    }

    // Releases a received message's buffer and leaves the Msg ready for the next receive.
    private static void Drop(ref Msg msg)
    {
        msg.Close();
        msg.InitEmpty();
    }

    private void OnUpstreamDisconnected(object? sender, NetMQMonitorSocketEventArgs e)
    {
        Counters.AddUpstreamDisconnect();
        GatewayLog.UpstreamDisconnected(_logger, e.Address, Counters.UpstreamDisconnects, _options.MaxUpstreamMessageSize);
    }

    private void OnSubscriptionReady(object? sender, NetMQSocketEventArgs e)
    {
        var publisher = _publisher!;
        var msg = default(Msg);
        msg.InitEmpty();
        for (var i = 0; i < Batch && publisher.TryReceive(ref msg, TimeSpan.Zero); i++)
        {
            var body = msg.Slice();
            if (body.Length == 0 || body[0] > 1)
            {
                continue;
            }

            if (_options.Entitlements is null)
            {
                // Automatic mode: XPUB passes only the first subscription and the last unsubscription of a topic,
                // which is exactly what has to go upstream. A prefix longer than any topic cannot select anything
                // a topic does not, and the upstream's own subscription limit might close the gateway's connection
                // for it: it stays local (the XPUB has applied it for its client).
                if (body.Length - 1 > Topic.MaxLength)
                {
                    if (body[0] == 1)
                    {
                        Counters.AddRejectedSubscription();
                        GatewayLog.SubscriptionTooLong(_logger, body.Length - 1, Topic.MaxLength);
                    }

                    continue;
                }

                if (body[0] == 1)
                {
                    Counters.AddSubscription();
                }
                else
                {
                    Counters.AddUnsubscription();
                }

                SendUpstream(body[0], body[1..]);
            }
            else if (body[0] == 1)
            {
                // Under entitlements the XPUB runs in manual mode and applies nothing: NetMQ 4.0.4.5 cannot tell
                // which client sent a subscription, so entitled clients take the stream from the request
                // socket, routed per session (docs/SECURITY.md). A subscription here is refused.
                Counters.AddRejectedSubscription();
            }
        }

        msg.Close();
    }

    // Entitled sessions: each subscriber of the frame's symbol (or every session for H| and S|) gets a reference
    // to the same buffer, behind its routing id. ROUTER drops for a peer whose queue is full, as XPUB does.
    private void RouteToSessions(ref Msg msg)
    {
        var subscribers = _routes.Match(msg.Slice());
        if (subscribers is null)
        {
            return;
        }

        var router = _router!;
        foreach (var identity in subscribers)
        {
            var head = default(Msg);
            head.InitGC(identity, identity.Length);
            if (!router.TrySend(ref head, TimeSpan.Zero, more: true))
            {
                head.Close();
                Counters.AddReplyDropped();
                continue;
            }

            head.Close();
            var copy = default(Msg);
            copy.InitEmpty();
            copy.Copy(ref msg);
            if (!router.TrySend(ref copy, TimeSpan.Zero, more: false))
            {
                Counters.AddReplyDropped();
            }

            copy.Close();
        }
    }

    private void SendUpstream(byte action, ReadOnlySpan<byte> prefix)
    {
        var msg = default(Msg);
        msg.InitPool(prefix.Length + 1);
        var span = msg.Slice();
        span[0] = action;
        prefix.CopyTo(span[1..]);
        if (!_upstream!.TrySend(ref msg, TimeSpan.Zero, more: false))
        {
            GatewayLog.UpstreamSubscriptionDropped(_logger);
        }

        msg.Close();
    }

    private void OnRequestReady(object? sender, NetMQSocketEventArgs e)
    {
        var router = _router!;
        var request = new NetMQMessage();
        for (var i = 0; i < 64 && router.TryReceiveMultipartMessage(TimeSpan.Zero, ref request); i++)
        {
            NetMQMessage? reply;
            if (request.FrameCount < 2)
            {
                request.Clear();
                continue;
            }

            if (request.FrameCount == 2 && IsDisconnect(request[1]))
            {
                _requests.Disconnected(request[0].ToByteArray());
                request.Clear();
                continue;
            }

            reply = _requests.Handle(request);
            if (reply is not null && !router.TrySendMultipartMessage(TimeSpan.Zero, reply))
            {
                Counters.AddReplyDropped();
            }

            request = new NetMQMessage();
        }

        PumpTransfers();
    }

    private bool IsDisconnect(NetMQFrame frame) => frame.Buffer.AsSpan(0, frame.MessageSize).SequenceEqual(_disconnectMarker);

    private void PumpTransfers()
    {
        var transfers = _requests.Transfers;
        if (transfers.HasWork)
        {
            transfers.Pump(_router!, Environment.TickCount64);
        }

        _pumpTimer!.Enable = transfers.HasWork;
    }

    private void DisposeSockets()
    {
        _upstreamMonitor?.Dispose();
        _upstream?.Dispose();
        _publisher?.Dispose();
        _router?.Dispose();
    }
}
