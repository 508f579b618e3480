using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetMQ;
using NetMQ.Sockets;

namespace TickStream.Recovery;

/// <summary>
/// A ROUTER request service that answers RETRANSMIT, CREDIT and CANCEL (docs/RECOVERY.md) from a window written by
/// another thread and a journal, on a thread of its own: the feed handler's <c>--req</c>. The window's writer never
/// waits for it; a frame evicted while it is read is detected and taken from the journal instead.
/// </summary>
public sealed class RetransmitService : IDisposable
{
    /// <summary>What the service answers, for error replies.</summary>
    public const string Usage = "expected one of: " + RecoveryCommands.Usage;

    private readonly string _bind;
    private readonly RecoveryCommands _commands;
    private readonly TransferTable _table;
    private readonly RequestErrorLog _errorLog;
    private RouterSocket? _router;
    private NetMQPoller? _poller;
    private NetMQTimer? _pumpTimer;
    private long _badRequests;
    private long _requests;
    private int _stopped;

    /// <summary>Creates the service; <see cref="Start"/> binds.</summary>
    /// <param name="endpoint">The ROUTER endpoint to bind.</param>
    /// <param name="window">The window to serve from.</param>
    /// <param name="journalDirectory">The journal behind it, or null.</param>
    /// <param name="options">Credit and caps.</param>
    /// <param name="logger">Where error replies are logged (at most 10 lines a second); null for nowhere.</param>
    public RetransmitService(string endpoint, RetransmitWindow window, string? journalDirectory, TransferOptions options, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        ArgumentNullException.ThrowIfNull(window);
        _bind = endpoint;
        ArgumentNullException.ThrowIfNull(options);
        _table = new TransferTable(options, Counters);
        _commands = new RecoveryCommands(_table, window, journalDirectory, Counters);
        _errorLog = new RequestErrorLog(logger ?? NullLogger.Instance, 10);
    }

    /// <summary>Requests, transfers, frames retransmitted, unavailable, busy, expired.</summary>
    public TransferCounters Counters { get; } = new();

    /// <summary>Requests received.</summary>
    public long Requests => Volatile.Read(ref _requests);

    /// <summary>Requests answered with an error about their form.</summary>
    public long BadRequests => Volatile.Read(ref _badRequests);

    /// <summary>The bound endpoint (with the real port when bound to <c>*</c>).</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>Binds and starts the service's thread.</summary>
    public void Start()
    {
        _router = new RouterSocket();
        _router.Options.Linger = TimeSpan.Zero;
        _router.Options.MaxMsgSize = 8 * 1024;
        _router.Bind(_bind);
        Endpoint = _router.Options.LastEndpoint ?? _bind;
        _router.ReceiveReady += OnRequestReady;
        var expiry = new NetMQTimer(TimeSpan.FromSeconds(1));
        expiry.Elapsed += (_, _) => _table.Expire(Environment.TickCount64);
        _pumpTimer = new NetMQTimer(TimeSpan.FromMilliseconds(1)) { Enable = false };
        _pumpTimer.Elapsed += (_, _) => Pump();
        _poller = [_router, expiry, _pumpTimer];
        _poller.RunAsync("retransmit-service", isBackgroundThread: true);
    }

    /// <summary>Stops the thread and closes the socket. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        if (_poller is { IsRunning: true })
        {
            _poller.Stop();
        }

        _poller?.Dispose();
        _table.Clear();
        _router?.Dispose();
    }

    private void OnRequestReady(object? sender, NetMQSocketEventArgs e)
    {
        var router = _router!;
        var request = new NetMQMessage();
        for (var i = 0; i < 64 && router.TryReceiveMultipartMessage(TimeSpan.Zero, ref request); i++)
        {
            if (request.FrameCount >= 2 && Handle(request) is { } reply)
            {
                router.TrySendMultipartMessage(TimeSpan.Zero, reply);
            }

            request = new NetMQMessage();
        }

        Pump();
    }

    private NetMQMessage? Handle(NetMQMessage request)
    {
        Volatile.Write(ref _requests, _requests + 1);
        if (!RequestFrames.TryRead(request, out var envelope, out var text, out var error))
        {
            return Error(envelope, error + "; " + Usage);
        }

        var words = RequestText.Words(text);
        if (words.Length == 0)
        {
            return Error(envelope, "a command, got an empty request; " + Usage);
        }

        var command = words[0].ToUpperInvariant();
        Counters.AddRequest(RecoveryCommands.KindOf(command));
        if (!RecoveryCommands.Handles(command))
        {
            return Error(envelope, $"a known command, got '{RequestText.Printable(words[0])}'; {Usage}");
        }

        if (command == "RETRANSMIT" && _table.IsOpen(envelope))
        {
            return _table.Busy(envelope);
        }

        var result = _commands.Handle(envelope, words, null, Environment.TickCount64);
        return result.Error is { } expected ? Error(envelope, expected) : result.Message;
    }

    private NetMQMessage Error(ReplyEnvelope envelope, string expected)
    {
        Volatile.Write(ref _badRequests, _badRequests + 1);
        _errorLog.Report(expected, Environment.TickCount64);
        return envelope.Message(null, "ERROR " + expected);
    }

    private void Pump()
    {
        if (_table.HasWork)
        {
            _table.Pump(_router!, Environment.TickCount64);
        }

        _pumpTimer!.Enable = _table.HasWork;
    }
}
