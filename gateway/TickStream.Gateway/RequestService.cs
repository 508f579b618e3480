using System.Globalization;
using System.Text;
using NetMQ;
using TickStream.Journal;
using TickStream.Recovery;
using TickStream.Wire;

namespace TickStream.Gateway;

/// <summary>
/// Answers the text requests of the ROUTER socket (docs/GATEWAY.md, docs/RECOVERY.md): SNAPSHOT, LIST, REPLAY,
/// RETRANSMIT, CREDIT, CANCEL, LOGIN, SUBSCRIBE. SNAPSHOT, LIST, REPLAY and RETRANSMIT replies are transfers under
/// credit: one message ending in <c>END</c> when the reply fits, else messages ending in <c>MORE</c> sent as the
/// client grants credit. Runs on the proxy thread, so it reads the cache and the window without locks.
/// </summary>
internal sealed class RequestService
{
    public const string Usage =
        "expected one of: SNAPSHOT <symbol>... | SNAPSHOT * | LIST | REPLAY <from> <to> <symbol>... | " + RecoveryCommands.Usage + " | LOGIN <credential> | SUBSCRIBE <symbol>... | UNSUBSCRIBE <symbol>...";

    private static readonly TopicClass[] SymbolClasses = [TopicClass.Trade, TopicClass.Quote, TopicClass.BookUpdate, TopicClass.Instrument];

    private static readonly byte[] End = "END"u8.ToArray();

    private readonly GatewayOptions _options;
    private readonly LastValueCache _cache;
    private readonly SessionRegistry _sessions;
    private readonly SessionRoutes _routes;
    private readonly Action<byte, byte[]> _upstream;
    private readonly GatewayCounters _counters;
    private readonly List<CacheEntry> _found = [];
    private readonly List<byte[]> _lastSymbols = [];
    private readonly byte[] _scratch = new byte[SnapshotWriter.MaxLength];
    private readonly RecoveryCommands _recovery;
    private readonly RequestErrorLog _errorLog;

    public RequestService(GatewayOptions options, LastValueCache cache, SessionRegistry sessions, SessionRoutes routes,
        GatewayCounters counters, Action<byte, byte[]> upstream, RetransmitWindow? window = null, RequestErrorLog? errorLog = null)
    {
        _options = options;
        _cache = cache;
        _sessions = sessions;
        _routes = routes;
        _upstream = upstream;
        _counters = counters;
        Transfers = new TransferTable(options.Transfers, counters.Transfers);
        _recovery = new RecoveryCommands(Transfers, window, options.JournalDirectory, counters.Transfers);
        _errorLog = errorLog ?? new RequestErrorLog(null, 0);
    }

    /// <summary>The open transfers; the proxy thread pumps and expires them.</summary>
    public TransferTable Transfers { get; }

    /// <summary>
    /// Handles <paramref name="request"/> (identity, optional empty delimiter, command) and returns the reply to
    /// send now, or null when there is none now (CREDIT; a first message still being read from the journal, which
    /// <see cref="TransferTable.Pump"/> sends).
    /// </summary>
    public NetMQMessage? Handle(NetMQMessage request)
    {
        _counters.AddRequest();
        var reply = new NetMQMessage();
        var identity = request[0];
        reply.Append(identity.ToByteArray());

        // REQ puts an empty delimiter frame before the body; DEALER usually does not. Echo what came.
        if (request.FrameCount > 2 && request[1].BufferSize == 0)
        {
            reply.AppendEmptyFrame();
        }

        if (!RequestFrames.TryRead(request, out var envelope, out var text, out var frameError))
        {
            return Error(reply, frameError + "; " + Usage);
        }

        var words = RequestText.Words(text);
        if (words.Length == 0)
        {
            return Error(reply, "a command, got an empty request; " + Usage);
        }

        var connection = Convert.ToHexString(identity.Buffer, 0, identity.MessageSize);
        var command = words[0].ToUpperInvariant();
        var kind = RecoveryCommands.KindOf(command);
        _counters.Transfers.AddRequest(kind);
        if (kind == RequestKind.Other)
        {
            return Error(reply, $"a known command, got '{Printable(words[0])}'; " + Usage);
        }

        // One transfer per connection: anything but CREDIT and CANCEL waits until it ends.
        if (kind is not (RequestKind.Credit or RequestKind.Cancel) && Transfers.IsOpen(envelope))
        {
            return Transfers.Busy(envelope);
        }

        if (command == "LOGIN")
        {
            return Login(reply, words, connection);
        }

        EntitlementGrant? grant = null;
        if (_options.Entitlements is not null && kind is not (RequestKind.Credit or RequestKind.Cancel)
            && !_sessions.TryGetByConnection(connection, out grant))
        {
            return Error(reply, "LOGIN <credential> on this connection before " + command);
        }

        var now = Environment.TickCount64;
        if (RecoveryCommands.Handles(command))
        {
            var result = _recovery.Handle(envelope, words, grant is null ? null : grant.Allows, now);
            return result.Error is { } error ? Error(reply, error) : result.Message;
        }

        return command switch
        {
            "SUBSCRIBE" or "UNSUBSCRIBE" => Subscribe(reply, words, grant, identity.ToByteArray(), command == "SUBSCRIBE"),
            "SNAPSHOT" => Snapshot(reply, envelope, words, grant, now),
            "LIST" => List(reply, envelope, words, grant, now),
            _ => Replay(reply, envelope, words, grant, now),
        };
    }

    /// <summary>
    /// A request connection ended (the ROUTER's disconnect message, read before the connection's routing id can be
    /// taken by another one): its session, its routes and its open transfer end with it.
    /// </summary>
    /// <param name="identity">The routing id the connection had.</param>
    public void Disconnected(byte[] identity)
    {
        _counters.AddClientDisconnect();
        var envelope = new ReplyEnvelope(identity, false);
        if (Transfers.IsOpen(envelope))
        {
            Transfers.Cancel(envelope);
        }

        if (_sessions.Close(envelope.Key))
        {
            _counters.AddSessionEnded();
            _counters.SetSessions(_sessions.Count);
        }

        _lastSymbols.Clear();
        var removed = _routes.RemoveAll(identity, _lastSymbols);
        for (var i = 0; i < removed; i++)
        {
            _counters.AddUnsubscription();
        }

        foreach (var symbol in _lastSymbols)
        {
            ForwardUpstream(0, symbol);
        }

        _lastSymbols.Clear();
    }

    private NetMQMessage Login(NetMQMessage reply, string[] words, string connection)
    {
        if (_options.Entitlements is not { } table)
        {
            return Error(reply, "no LOGIN: this gateway has no entitlements, every request is allowed");
        }

        if (words.Length != 2)
        {
            return Error(reply, "LOGIN <credential>");
        }

        // Any routing id will do, a client-chosen one included: the session is bound to this connection and ends
        // with it (Disconnected), and while it lasts the ROUTER refuses a second connection with the same id.
        if (!table.TryGetGrant(words[1], out var grant))
        {
            _counters.AddFailedLogin();
            return Error(reply, "LOGIN with a known credential; this one is not in the entitlements");
        }

        if (!_sessions.Contains(connection) && _sessions.Count >= _options.MaxSessions)
        {
            _counters.AddLimitRefusal();
            return Error(reply, $"LOGIN while fewer than {_options.MaxSessions} sessions are open, the most this gateway keeps; try again later");
        }

        _counters.AddLogin();
        var token = _sessions.Open(connection, grant!);
        _counters.SetSessions(_sessions.Count);
        reply.Append("SESSION " + token);
        reply.Append(End);
        return reply;
    }

    private NetMQMessage Subscribe(NetMQMessage reply, string[] words, EntitlementGrant? grant, byte[] identity, bool subscribe)
    {
        if (grant is null)
        {
            return Error(reply, "subscriptions on the publish socket: this gateway has no entitlements, SUBSCRIBE is for entitled sessions");
        }

        if (words.Length < 2)
        {
            return Error(reply, words[0].ToUpperInvariant() + " <symbol>...");
        }

        for (var i = 1; i < words.Length; i++)
        {
            if (!IsValidSymbol(words[i]))
            {
                return Error(reply, $"SUBSCRIBE <symbol>...: '{Printable(words[i])}' is not a symbol");
            }

            if (!grant.Allows(words[i]))
            {
                return Error(reply, $"symbols this session is entitled to; not entitled to {words[i]}");
            }
        }

        if (subscribe && NewSymbols(identity, words) is var added && _routes.SymbolsOf(identity) + added > _options.MaxSymbolsPerSession)
        {
            _counters.AddLimitRefusal();
            return Error(reply, $"at most {_options.MaxSymbolsPerSession} symbols per session; this one takes {_routes.SymbolsOf(identity)} and asked for {added} more");
        }

        for (var i = 1; i < words.Length; i++)
        {
            var symbol = Encoding.ASCII.GetBytes(words[i]);
            if (subscribe && _routes.Add(identity, symbol, out var isFirst))
            {
                _counters.AddSubscription();
                if (isFirst)
                {
                    ForwardUpstream(1, symbol);
                }
            }
            else if (!subscribe && _routes.Remove(identity, symbol, out var wasLast))
            {
                _counters.AddUnsubscription();
                if (wasLast)
                {
                    ForwardUpstream(0, symbol);
                }
            }
        }

        reply.Append(End);
        return reply;
    }

    // How many distinct symbols of a SUBSCRIBE the connection does not take yet.
    private int NewSymbols(byte[] identity, string[] words)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < words.Length; i++)
        {
            if (!_routes.Has(identity, Encoding.ASCII.GetBytes(words[i])))
            {
                seen.Add(words[i]);
            }
        }

        return seen.Count;
    }

    private void ForwardUpstream(byte action, byte[] symbol)
    {
        foreach (var topicClass in SymbolClasses)
        {
            var prefix = new byte[symbol.Length + 3];
            Topic.Write(prefix, topicClass, symbol);
            _upstream(action, prefix);
        }
    }

    private NetMQMessage? Snapshot(NetMQMessage reply, ReplyEnvelope envelope, string[] words, EntitlementGrant? grant, long now)
    {
        if (words.Length < 2)
        {
            return Error(reply, "SNAPSHOT <symbol>... or SNAPSHOT *");
        }

        _found.Clear();
        if (words.Length == 2 && words[1] == "*")
        {
            foreach (var entry in _cache.Entries)
            {
                if (grant is null || grant.Allows(entry.Symbol))
                {
                    _found.Add(entry);
                }
            }
        }
        else
        {
            for (var i = 1; i < words.Length; i++)
            {
                var symbol = words[i];
                if (!IsValidSymbol(symbol))
                {
                    return Error(reply, $"SNAPSHOT <symbol>...: '{Printable(symbol)}' is not a symbol (1 to {Topic.MaxSymbolLength} of A-Z 0-9 . / _ -)");
                }

                if (grant is not null && !grant.Allows(symbol))
                {
                    return Error(reply, $"symbols this session is entitled to; not entitled to {symbol}");
                }

                _cache.Find(symbol, _found);
            }
        }

        // The StreamStarts first: a late joiner learns each stream's session before any sequence.
        var frames = new List<byte[]>(_cache.StreamStarts);
        foreach (var entry in _found)
        {
            var length = SnapshotWriter.Write(entry, _scratch);
            if (length > 0)
            {
                frames.Add(_scratch.AsSpan(0, length).ToArray());
            }
        }

        return Transfers.Open(envelope, new FrameListSource(frames), retransmit: false, now);
    }

    private NetMQMessage? List(NetMQMessage reply, ReplyEnvelope envelope, string[] words, EntitlementGrant? grant, long now)
    {
        if (words.Length != 1)
        {
            return Error(reply, "LIST with no arguments");
        }

        var frames = new List<byte[]>();
        foreach (var entry in _cache.Entries)
        {
            if (entry.InstrumentLength > 0 && (grant is null || grant.Allows(entry.Symbol)))
            {
                frames.Add(entry.Instrument.AsSpan(0, entry.InstrumentLength).ToArray());
            }
        }

        return Transfers.Open(envelope, new FrameListSource(frames), retransmit: false, now);
    }

    private NetMQMessage? Replay(NetMQMessage reply, ReplyEnvelope envelope, string[] words, EntitlementGrant? grant, long now)
    {
        const string form = "REPLAY <from> <to> <symbol>... with times as ISO 8601 UTC (2026-01-02T14:30:00Z) or ns since the Unix epoch";
        if (_options.JournalDirectory is not { } directory)
        {
            return Error(reply, "no REPLAY: this gateway has no journal directory configured");
        }

        if (words.Length < 4)
        {
            return Error(reply, form);
        }

        if (!TryParseTime(words[1], out var from) || !TryParseTime(words[2], out var to) || to < from)
        {
            return Error(reply, form + $"; got from '{Printable(words[1])}' to '{Printable(words[2])}'");
        }

        var symbols = new List<string>();
        for (var i = 3; i < words.Length; i++)
        {
            if (!IsValidSymbol(words[i]))
            {
                return Error(reply, form + $"; '{Printable(words[i])}' is not a symbol");
            }

            if (grant is not null && !grant.Allows(words[i]))
            {
                return Error(reply, $"symbols this session is entitled to; not entitled to {words[i]}");
            }

            symbols.Add(words[i]);
        }

        ReplaySource source;
        try
        {
            source = new ReplaySource(directory, from, to, symbols, _options.MaxReplayFrames);
        }
        catch (Exception e) when (e is JournalException or IOException or UnauthorizedAccessException)
        {
            return Error(reply, $"a readable journal; reading it failed: {e.Message}");
        }

        return Transfers.Open(envelope, source, retransmit: false, now);
    }

    private NetMQMessage Error(NetMQMessage reply, string expected)
    {
        _counters.AddBadRequest();
        _errorLog.Report(expected, Environment.TickCount64);

        // Only the envelope stays: an error reply carries no data frame.
        var envelope = reply.FrameCount;
        var identity = reply.First;
        var hasDelimiter = envelope > 1 && reply[1].BufferSize == 0;
        reply.Clear();
        reply.Append(identity);
        if (hasDelimiter)
        {
            reply.AppendEmptyFrame();
        }

        reply.Append("ERROR " + expected);
        return reply;
    }

    private static bool TryParseTime(string text, out long ns)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ns))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            ns = (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
            return true;
        }

        return false;
    }

    private static bool IsValidSymbol(string symbol) =>
        symbol.Length <= Topic.MaxSymbolLength && Ascii.IsValid(symbol) && Topic.IsValidSymbol(Encoding.ASCII.GetBytes(symbol));

    private static string Printable(string text) => RequestText.Printable(text);
}
