using System.Diagnostics;
using System.Globalization;
using HdrHistogram;
using NetMQ;
using NetMQ.Sockets;
using TickStream.FeedHandler;
using TickStream.Gateway;
using TickStream.Sources;
using TickStream.Wire;

// Usage: dotnet run -c Release -- window [rounds (default 3)]: the retransmission window alone, on this thread.
if (args.Length > 0 && args[0] == "window")
{
    return WindowBench(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3);
}

// Usage: dotnet run -c Release -- [throughput ticks (default 200000)] [latency rate/s (default 20000)] [latency ticks (default 100000)] [rounds (default 3)]
// Every path (direct, one gateway, two chained) runs in each round, interleaved, so machine noise hits all alike.
var throughputTicks = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
var latencyRate = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
var latencyTicks = args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
var rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
var throughput = new Dictionary<int, List<double>> { [0] = [], [1] = [], [2] = [] };
var latency = new Dictionary<int, LongHistogram>
{
    [0] = new(TimeSpan.TicksPerSecond * 10, 3), [1] = new(TimeSpan.TicksPerSecond * 10, 3), [2] = new(TimeSpan.TicksPerSecond * 10, 3),
};

// Collections and pause time during the latency runs of each path: a gateway's window pages are allocated while its
// window first fills, which every run's fresh gateways are in, so a GC cost of the window shows here.
var gcs = new Dictionary<int, long[]> { [0] = new long[4], [1] = new long[4], [2] = new long[4] };
for (var round = 0; round < rounds; round++)
{
    for (var hops = 0; hops <= 2; hops++)
    {
        throughput[hops].Add(Run(hops, 0, throughputTicks, null));
        var before = GcNow();
        Run(hops, latencyRate, latencyTicks, latency[hops]);
        var after = GcNow();
        for (var i = 0; i < 4; i++)
        {
            gcs[hops][i] += after[i] - before[i];
        }

        Console.Error.WriteLine($"round {round + 1}, {Name(hops)}: {throughput[hops][^1]:N0} msg/s");
    }
}

Console.WriteLine($"| path | throughput msg/s (median of {rounds}) | ratio to direct | latency p50 us | p99 us | p99.9 us | max us |");
Console.WriteLine("|---|---|---|---|---|---|---|");
var direct = Median(throughput[0]);
for (var hops = 0; hops <= 2; hops++)
{
    var h = latency[hops];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {Name(hops)} | {Median(throughput[hops]):N0} | {Median(throughput[hops]) / direct:F2} | {Us(h, 50)} | {Us(h, 99)} | {Us(h, 99.9)} | {h.GetMaxValue() / 10.0:F1} |"));
}

Console.WriteLine($"latency at {latencyRate:N0} ticks/s, {latencyTicks:N0} ticks per run, first 10% of each run skipped; " +
    "receive time minus ingestTime on one host (DateTime.UtcNow, 100 ns resolution)");
for (var hops = 0; hops <= 2; hops++)
{
    var g = gcs[hops];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"gc during the latency runs, {Name(hops)}: gen0 {g[0]}, gen1 {g[1]}, gen2 {g[2]}, pause {g[3] / 10_000.0:F1} ms"));
}

return 0;

// What RetransmitWindow.Append costs the thread that forwards frames (the gateway's proxy thread): per round, a new
// window of the default 2^20 frames filled for the first time (its memory taken as it fills), then 2^20 appends
// more on the full window (steady state: evicting and overwriting). A 111-byte quote message as the gateway forwards.
static int WindowBench(int rounds)
{
    var message = new byte[111];
    "Q.AAPL|"u8.CopyTo(message);
    var frame = message.AsSpan(7);
    BitConverter.TryWriteBytes(frame[(8 + 36)..], (ushort)1); // streamId
    var frames = TickStream.Recovery.RetransmitWindow.DefaultFrames;
    var seq = 0UL;
    Console.WriteLine("| round | phase | ns per append | gen0 | gen1 | gen2 | GC pause ms | bytes allocated on the GC heap |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|");
    for (var round = 1; round <= rounds; round++)
    {
        var window = new TickStream.Recovery.RetransmitWindow(frames);
        foreach (var phase in new[] { "first fill", "steady (full)" })
        {
            var before = GcNow();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < frames; i++)
            {
                BitConverter.TryWriteBytes(frame[8..], ++seq); // streamSeq
                window.Append(message);
            }

            var ns = clock.Elapsed.TotalNanoseconds / frames;
            var after = GcNow();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {round} | {phase} | {ns:F0} | {after[0] - before[0]} | {after[1] - before[1]} | {after[2] - before[2]} | {(after[3] - before[3]) / 10_000.0:F1} | {GC.GetAllocatedBytesForCurrentThread() - allocated:N0} |"));
        }

        GC.KeepAlive(window);
    }

    return 0;
}

// Collections of generations 0, 1 and 2 so far (each count includes the older generations' collections) and the
// total pause time in 100 ns ticks.
static long[] GcNow() =>
    [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration().Ticks];

static string Name(int hops) => hops switch { 0 => "direct (feed -> client)", 1 => "one gateway", _ => "two chained gateways" };

static string Us(LongHistogram histogram, double percentile) =>
    (histogram.GetValueAtPercentile(percentile) / 10.0).ToString("F1", CultureInfo.InvariantCulture);

static double Median(List<double> values)
{
    var sorted = values.ToArray();
    Array.Sort(sorted);
    return sorted[sorted.Length / 2];
}

// One run: a feed of maxTicks ticks at rate (0: as fast as possible), 0 to 2 gateways, one subscriber of
// everything. Returns messages per second between the first and the last tick received; records latency
// (in 100 ns units) into the histogram when one is given.
static double Run(int hops, double rate, long maxTicks, LongHistogram? histogram)
{
    string[] symbols = ["AAPL", "MSFT", "SPY", "QQQ", "IBM", "GOOG", "AMZN", "META"];
    var registry = new InstrumentRegistry();
    var market = new SyntheticMarketOptions { Seed = 5, TicksPerSecond = rate, MaxTicks = maxTicks, Symbols = symbols };
    using var feed = new FeedEngine(new FeedHandlerOptions { Publish = "tcp://127.0.0.1:*", RingSize = 1 << 16 },
        [new SyntheticMarket(market, registry)], registry);
    feed.StartPublisher();
    var gateways = new List<GatewayEngine>();
    var endpoint = feed.Endpoint;
    for (var i = 0; i < hops; i++)
    {
        var options = new GatewayOptions
        {
            Publish = "tcp://127.0.0.1:*",
            Request = "tcp://127.0.0.1:*",
            SendHighWatermark = 2_000_000,
            ReceiveHighWatermark = 2_000_000,
        };
        options.CachePrefixes.Clear();
        options.Upstreams.Add(endpoint);
        var gateway = new GatewayEngine(options);
        gateway.Start();
        gateways.Add(gateway);
        endpoint = gateway.PublishEndpoint;
    }

    try
    {
        using var subscriber = new SubscriberSocket();
        subscriber.Options.ReceiveHighWatermark = 4_000_000;
        subscriber.Subscribe("T.");
        subscriber.Subscribe("Q.");
        subscriber.Connect(endpoint);
        var clock = Stopwatch.StartNew();
        while (feed.Counters.Subscriptions < 2 && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(5);
        }

        feed.StartSources();
        var msg = default(Msg);
        msg.InitEmpty();
        long received = 0, skip = maxTicks / 10;
        long first = 0, last = 0;
        var idle = Stopwatch.StartNew();
        while (idle.Elapsed < TimeSpan.FromSeconds(3))
        {
            if (!subscriber.TryReceive(ref msg, TimeSpan.FromMilliseconds(100)))
            {
                continue;
            }

            idle.Restart();
            var now = WireClock.NowNanoseconds();
            last = Stopwatch.GetTimestamp();
            if (received++ == 0)
            {
                first = last;
            }

            if (histogram is not null && received > skip && Topic.TrySplit(msg.Slice(), out _, out var frame) && frame.Length >= 40)
            {
                var ingest = BitConverter.ToInt64(frame.Slice(8 + 24, 8));
                histogram.RecordValue(Math.Max(0, (now - ingest) / 100));
            }

            if (received >= feed.Counters.TicksIn && feed.SourcesCompleted.IsCompleted)
            {
                break;
            }
        }

        msg.Close();
        return received <= 1 ? 0 : (received - 1) / Stopwatch.GetElapsedTime(first, last).TotalSeconds;
    }
    finally
    {
        foreach (var gateway in gateways)
        {
            gateway.Dispose();
        }

        feed.Stop();
    }
}
