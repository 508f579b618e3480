using System.Diagnostics;
using System.Globalization;
using NetMQ;
using NetMQ.Sockets;
using TickStream.Journal;
using TickStream.Wire;

namespace TickStream.Cli.Replay;

/// <summary>
/// Subscribes to a feed and appends every message it receives, with its receive time, to a journal; runs on the
/// calling thread (which owns the socket and the writer) until cancelled or the duration passes.
/// </summary>
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
        using var socket = new SubscriberSocket();
        socket.Options.ReceiveHighWatermark = 1_000_000;
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
