using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using NetMQ;
using NetMQ.Sockets;
using TickStream.Journal;
using TickStream.Replay;
using TickStream.ReplayPerf;
using TickStream.Wire;

// Replay throughput at --speed max, frames/s as a subscriber on loopback receives them, beside raw NetMQ sending
// the same frames from memory through the same kind of socket, alternating in one process run so that both
// share the machine's state. Prints the runs and the medians.
var frames = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500_000;
var reps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
if (frames <= 0 || reps <= 0)
{
    Console.Error.WriteLine("usage: TickStream.ReplayPerf [FRAMES (500000)] [REPS (5)]");
    return 2;
}

var invariant = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(invariant,
    $"# Replay perf — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}"));
Console.WriteLine(string.Create(invariant, $"frames {frames} (Quotes of 111 bytes, 7 symbols), reps {reps}"));

var directory = Path.Combine(Path.GetTempPath(), "tickstream-replay-perf-" + Environment.ProcessId.ToString(invariant));
var messages = WriteJournal(directory, frames);
try
{
    var raw = new List<double>();
    var replay = new List<double>();
    var ratios = new List<double>();
    RawRun(messages); // warm-up of both paths
    ReplayRun(directory, frames);
    for (var rep = 1; rep <= reps; rep++)
    {
        var r = RawRun(messages);
        var p = ReplayRun(directory, frames);
        raw.Add(r);
        replay.Add(p);
        ratios.Add(p / r);
        Console.WriteLine(string.Create(invariant, $"run {rep}: raw NetMQ {r:N0} frames/s, replay {p:N0} frames/s, ratio {p / r:0.00}"));
    }

    var rawMedian = Median(raw);
    var replayMedian = Median(replay);
    Console.WriteLine();
    Console.WriteLine("| path | median frames/s | ratio |");
    Console.WriteLine("|---|---:|---:|");
    Console.WriteLine(string.Create(invariant, $"| raw NetMQ XPUB from memory (baseline) | {rawMedian:N0} | 1.00 |"));
    Console.WriteLine(string.Create(invariant, $"| JournalReplayer --speed max | {replayMedian:N0} | {replayMedian / rawMedian:0.00} |"));
    Console.WriteLine(string.Create(invariant, $"median of the per-run ratios (replay / raw, each pair run back to back): {Median(ratios):0.00}"));
    return 0;
}
finally
{
    Directory.Delete(directory, recursive: true);
}

static List<byte[]> WriteJournal(string directory, int count)
{
    string[] symbols = ["AAPL", "MSFT", "NVDA", "SPY", "QQQ", "AMZN", "TSLA"];
    var messages = new List<byte[]>(count);
    using var writer = JournalWriter.Open(directory, new JournalWriterOptions { StreamName = "perf", FlushPolicy = JournalFlushPolicy.OnClose });
    var start = WireClock.NowNanoseconds();
    for (var i = 0; i < count; i++)
    {
        var message = QuoteMessage.Create(symbols[i % symbols.Length], (ulong)i + 1, start + (i * 1_000L));
        writer.Append(message, start + (i * 1_000L));
        messages.Add(message);
    }

    return messages;
}

// Frames per second from the first send to the last receive at the subscriber.
static double RawRun(List<byte[]> messages)
{
    using var pub = new XPublisherSocket();
    pub.Options.SendHighWatermark = messages.Count * 2;
    pub.Bind("tcp://127.0.0.1:*");
    using var receiver = new CountingSubscriber(pub.Options.LastEndpoint!, messages.Count);
    if (!pub.TryReceiveFrameBytes(TimeSpan.FromSeconds(10), out _))
    {
        throw new InvalidOperationException("no subscription arrived");
    }

    var start = Stopwatch.GetTimestamp();
    foreach (var message in messages)
    {
        var msg = default(Msg);
        msg.InitPool(message.Length);
        message.CopyTo(msg.Slice());
        pub.TrySend(ref msg, TimeSpan.Zero, more: false);
        msg.Close();
    }

    return receiver.WaitAll(start);
}

static double ReplayRun(string directory, int count)
{
    using var replayer = new JournalReplayer(new ReplayOptions
    {
        Directory = directory,
        Publish = "tcp://127.0.0.1:*",
        Speed = ReplaySpeed.Max,
        SendHighWatermark = count * 2,
        WaitForSubscriptions = 1,
        WaitTimeout = TimeSpan.FromSeconds(10),
    });
    replayer.Bind();
    using var receiver = new CountingSubscriber(replayer.Endpoint, count);
    var summary = replayer.Run();

    // The replay's clock starts at its first send, as the raw run's does.
    var start = Stopwatch.GetTimestamp() - (long)(summary.Elapsed.TotalSeconds * Stopwatch.Frequency);
    if (summary.FramesSent != count)
    {
        throw new InvalidOperationException($"replay sent {summary.FramesSent} of {count}");
    }

    return receiver.WaitAll(start);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
