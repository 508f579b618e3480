using System.Diagnostics;
using System.Globalization;
using NetMQ;
using NetMQ.Sockets;
using TickStream.Client;
using TickStream.Journal;
using TickStream.Wire;

namespace TickStream.Cli.Replay;

/// <summary>
/// Subscribes to a feed and appends every message it receives, with its receive time, to a journal; runs on the
/// calling thread (which owns the socket and the writer) until cancelled or the duration passes.
/// </summary>
/// <remarks>
/// With <see cref="RequestEndpoint"/> it records through a <see cref="TickSubscriber"/> that repairs gaps by
/// retransmission: every frame of a (stream, symbol, class) is appended once and in sequence order, so the journal
/// has no holes but those the server could not fill (counted in <see cref="GapsLost"/>). The subscriber's receive
/// thread then owns the writer, and malformed and duplicate messages are not recorded.
/// </remarks>
internal sealed class Recorder
{
    private static readonly string[] SymbolClasses = ["T.", "Q.", "B.", "I."];
    private readonly string _endpoint;
    private readonly IReadOnlyList<string> _symbols;
    private readonly TimeSpan? _duration;
    private readonly TimeSpan _statsInterval;
    private readonly TextWriter _log;

    public Recorder(string endpoint, IReadOnlyList<string> symbols, TimeSpan? duration, TimeSpan statsInterval, TextWriter log)
    {
        _endpoint = endpoint;
        _symbols = symbols;
        _duration = duration;
        _statsInterval = statsInterval;
        _log = log;
    }

    public long Records { get; private set; }

    public long Bytes { get; private set; }

    public long MultipartDropped { get; private set; }

    /// <summary>The feed's request endpoint to repair gaps from; the plain socket, recording what comes, when null.</summary>
    public string? RequestEndpoint { get; init; }

    /// <summary>The request service's Z85 CurveZMQ public key; plain when null.</summary>
    public string? RequestServerKey { get; init; }

    /// <summary>The gateway's Z85 CurveZMQ public key; plain when null.</summary>
    public string? ServerKey { get; init; }

    /// <summary>This client's CurveZMQ key pair; a fresh one when null.</summary>
    public NetMQCertificate? ClientCertificate { get; init; }

    /// <summary>
    /// A credential of the gateway's entitlements: log in on <see cref="RequestEndpoint"/> and record the entitled
    /// symbols' stream from that connection (docs/SECURITY.md); none when null.
    /// </summary>
    public string? Credential { get; init; }

    /// <summary>With repair: gaps repaired.</summary>
    public long GapsRepaired { get; private set; }

    /// <summary>With repair: runs of frames still missing after a repair, and gaps of a subscriber without repair.</summary>
    public long GapsLost { get; private set; }

    /// <summary>With repair: frames still missing.</summary>
    public long FramesLost { get; private set; }

    /// <summary>RETRANSMIT requests sent (with <see cref="RequestEndpoint"/>).</summary>
    public long RepairRequests { get; private set; }

    /// <summary>Requests that failed: an ERROR reply, or no reply within the repair timeout.</summary>
    public long RepairFailures { get; private set; }

    /// <summary>The prefixes to subscribe: every class of each symbol plus heartbeats and stream starts, or everything.</summary>
    public static IReadOnlyList<string> Prefixes(IReadOnlyList<string> symbols)
    {
        if (symbols.Count == 0)
        {
            return [""];
        }

        var prefixes = new List<string>();
        foreach (var symbol in symbols)
        {
            foreach (var topicClass in SymbolClasses)
            {
                prefixes.Add(topicClass + symbol + "|");
            }
        }

        prefixes.Add("H|");
        prefixes.Add("S|");
        return prefixes;
    }

    public void Run(JournalWriter writer, CancellationToken ct)
    {
        if (RequestEndpoint is not null)
        {
            RunRepairing(writer, ct);
            return;
        }

        using var socket = new SubscriberSocket();
        socket.Options.ReceiveHighWatermark = 1_000_000;
        if (ServerKey is not null)
        {
            socket.Options.CurveServerKey = NetMQCertificate.FromPublicKey(ServerKey).PublicKey;
            socket.Options.CurveCertificate = ClientCertificate ?? new NetMQCertificate();
        }

        foreach (var prefix in Prefixes(_symbols))
        {
            socket.Subscribe(prefix);
        }

        socket.Connect(_endpoint);
        var clock = Stopwatch.StartNew();
        var nextStats = _statsInterval;
        long recordsAtLastStats = 0;
        var lastStatsAt = TimeSpan.Zero;
        var poll = TimeSpan.FromMilliseconds(100);
        var msg = default(Msg);
        msg.InitEmpty();
        var inMultipart = false;
        try
        {
            while (!ct.IsCancellationRequested && (_duration is not { } d || clock.Elapsed < d))
            {
                if (!socket.TryReceive(ref msg, poll))
                {
                    writer.Flush(); // idle: hand what is buffered to the OS
                    LogStatsIfDue(clock, ref nextStats, ref recordsAtLastStats, ref lastStatsAt);
                    continue;
                }

                var receivedNs = WireClock.NowNanoseconds();
                if (msg.HasMore || inMultipart)
                {
                    // The wire is one frame per message; a multi-part message is not ours and is not recorded.
                    inMultipart = msg.HasMore;
                    if (!inMultipart)
                    {
                        MultipartDropped++;
                    }

                    continue;
                }

                writer.Append(msg.Slice(), receivedNs);
                Records++;
                Bytes += msg.Size;

                // A batch ends when nothing more is waiting: flush then, as the feed's journal does at end of batch.
                if (!socket.HasIn)
                {
                    writer.Flush();
                }

                LogStatsIfDue(clock, ref nextStats, ref recordsAtLastStats, ref lastStatsAt);
            }
        }
        finally
        {
            msg.Close();
        }
    }

    private void RunRepairing(JournalWriter writer, CancellationToken ct)
    {
        var options = new TickSubscriberOptions
        {
            RequestEndpoint = RequestEndpoint,
            RequestServerKey = RequestServerKey ?? ServerKey,
            SubscribeAll = _symbols.Count == 0,
            CurveServerKey = ServerKey is null ? null : NetMQCertificate.FromPublicKey(ServerKey).PublicKey,
            CurveCertificate = ClientCertificate,
            Credential = Credential,
        };
        options.Endpoints.Add(_endpoint);
        foreach (var symbol in _symbols)
        {
            options.Symbols.Add(symbol);
        }

        // The handler runs on the subscriber's receive thread and writes; this thread flushes what an idle moment
        // left in the buffer (the last frames before the publisher stops, a repair's burst). The writer is not
        // thread-safe: the lock, uncontended but for those flushes, keeps the two apart.
        var scratch = new byte[options.MaxMessageSize];
        var writing = new Lock();
        var lastFlush = Environment.TickCount64;
        long records = 0;
        long bytes = 0;
        var subscriber = new TickSubscriber(options, (in TickView tick) =>
        {
            var length = tick.Topic.Length + tick.Frame.Length;
            tick.Topic.CopyTo(scratch);
            tick.Frame.CopyTo(scratch.AsSpan(tick.Topic.Length));
            lock (writing)
            {
                writer.Append(scratch.AsSpan(0, length), tick.ReceiveTimeNs);
                Volatile.Write(ref records, records + 1);
                Volatile.Write(ref bytes, bytes + length);
                var now = Environment.TickCount64;
                if (now - lastFlush >= 50)
                {
                    writer.Flush();
                    lastFlush = now;
                }
            }
        });
        try
        {
            var clock = Stopwatch.StartNew();
            var nextStats = _statsInterval;
            long recordsAtLastStats = 0;
            var lastStatsAt = TimeSpan.Zero;
            while (!ct.IsCancellationRequested && (_duration is not { } d || clock.Elapsed < d))
            {
                ct.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100));
                lock (writing)
                {
                    if (Environment.TickCount64 - lastFlush >= 100)
                    {
                        writer.Flush();
                        lastFlush = Environment.TickCount64;
                    }
                }

                Records = Volatile.Read(ref records);
                Bytes = Volatile.Read(ref bytes);
                LogStatsIfDue(clock, ref nextStats, ref recordsAtLastStats, ref lastStatsAt);
            }
        }
        finally
        {
            subscriber.Dispose();
            Records = Volatile.Read(ref records);
            Bytes = Volatile.Read(ref bytes);
            var counters = subscriber.Counters;
            GapsRepaired = counters.GapsRepaired;
            GapsLost = counters.Gaps;
            FramesLost = counters.MissingFrames;
            RepairRequests = counters.RepairRequests;
            RepairFailures = counters.RepairFailures;
            if (subscriber.LastHandlerFault is { } fault)
            {
                _log.WriteLine($"record: {counters.HandlerFaults} records could not be written: {fault.Message}");
            }
        }
    }

    private void LogStatsIfDue(Stopwatch clock, ref TimeSpan nextStats, ref long recordsAtLast, ref TimeSpan lastAt)
    {
        var now = clock.Elapsed;
        if (now < nextStats)
        {
            return;
        }

        var rate = (Records - recordsAtLast) / Math.Max(1e-9, (now - lastAt).TotalSeconds);
        _log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"record: {Records} records, {Bytes} bytes, {rate:0}/s, {MultipartDropped} multi-part dropped"));
        recordsAtLast = Records;
        lastAt = now;
        nextStats = now + _statsInterval;
    }
}
