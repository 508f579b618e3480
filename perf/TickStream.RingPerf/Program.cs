using System.Globalization;
using System.Runtime.InteropServices;
using TickStream.Disruptor;
using TickStream.RingPerf;

// Throughput and hand-off latency of the ring beside bounded Channels, ConcurrentQueue and BlockingCollection,
// all in one process run so that they share the machine's state; prints markdown tables.
PerfOptions options;
try
{
    options = PerfOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var timeout = TimeSpan.FromMinutes(2);
var invariant = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(invariant,
    $"# Ring perf — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}"));
Console.WriteLine("load average at start (1/5/15 min): " + LoadAverage());
Console.WriteLine(string.Create(invariant,
    $"args: --events {options.Events} --slow-events {options.SlowEvents} --reps {options.Reps} --ring {options.RingSize} --latency-events {options.LatencyEvents} --latency-warmup {options.LatencyWarmup} --latency-reps {options.LatencyReps} --rate {options.Rate} --quiet-rate {options.QuietRate} --quiet-events {options.QuietEvents}"));
Console.WriteLine();

var strategies = new List<(string Name, Func<WaitStrategy> Create)>();
if (!options.SkipBusySpin)
{
    strategies.Add(("busy-spin", () => new BusySpinWaitStrategy()));
}

strategies.Add(("yielding", () => new YieldingWaitStrategy()));
strategies.Add(("sleeping", () => new SleepingWaitStrategy()));
strategies.Add(("blocking", () => new BlockingWaitStrategy()));

if (options.Throughput)
{
    RunThroughput(options, strategies, timeout);
}

if (options.Latency)
{
    strategies.Add(("timeout-blocking (1 s)", () => new TimeoutBlockingWaitStrategy(TimeSpan.FromSeconds(1))));
    RunLatency(options, strategies, timeout);
}

return 0;

static void RunThroughput(PerfOptions o, List<(string Name, Func<WaitStrategy> Create)> strategies, TimeSpan timeout)
{
    var rows = new List<ThroughputRow>();
    long n = o.Events;
    long slow = o.SlowEvents;
    int ring = o.RingSize;
    foreach (var (name, create) in strategies)
    {
        rows.Add(new("1P1C", "ring", name, n, e => RingScenarios.Throughput(e, ring, create(), Shape.OneToOne, 1, timeout)));
    }

    rows.Add(new("1P1C", "ring, claim 16 / publish range", "blocking", n, e => RingScenarios.Throughput(e, ring, new BlockingWaitStrategy(), Shape.OneToOne, 16, timeout)));
    rows.Add(new("1P1C", "Channel (bounded, SR/SW)", "async", slow, e => ChannelScenarios.Throughput(e, 1, ring, timeout)));
    rows.Add(new("1P1C", "ConcurrentQueue", "spin", n, e => ConcurrentQueueScenarios.Throughput(e, 1, timeout)));
    rows.Add(new("1P1C", "BlockingCollection (bounded)", "Take", slow, e => BlockingCollectionScenarios.Throughput(e, 1, ring, timeout)));

    foreach (var (name, create) in strategies)
    {
        if (name == "busy-spin")
        {
            // Four spinning threads on two cores only measure the scheduler; see docs/RING.md.
            continue;
        }

        rows.Add(new("1P3C chain", "ring", name, n, e => RingScenarios.Throughput(e, ring, create(), Shape.Chain, 1, timeout)));
    }

    foreach (var (name, create) in strategies)
    {
        if (name != "busy-spin")
        {
            rows.Add(new("1P3C diamond", "ring", name, n, e => RingScenarios.Throughput(e, ring, create(), Shape.Diamond, 1, timeout)));
        }
    }

    rows.Add(new("1P3C chain", "Channel (bounded, SR/SW)", "async", slow, e => ChannelScenarios.Throughput(e, 3, ring, timeout)));
    rows.Add(new("1P3C chain", "ConcurrentQueue", "spin", n, e => ConcurrentQueueScenarios.Throughput(e, 3, timeout)));
    rows.Add(new("1P3C chain", "BlockingCollection (bounded)", "Take", slow, e => BlockingCollectionScenarios.Throughput(e, 3, ring, timeout)));

    if (o.Only is not null)
    {
        rows.RemoveAll(r => !$"{r.Shape} {r.Implementation} {r.Wait}".Contains(o.Only, StringComparison.Ordinal)
            && !(r.Shape == "1P1C" && (r.Implementation.StartsWith("Channel", StringComparison.Ordinal) || r.Implementation == "ConcurrentQueue")));
    }

    foreach (var row in rows)
    {
        Console.Error.Write($"{row.Shape} {row.Implementation} {row.Wait}: warm-up");
        Collect();
        row.Run(Math.Max(100_000, row.Events / 10));
        for (int rep = 0; rep < o.Reps; rep++)
        {
            Collect();
            var result = row.Run(row.Events);
            row.Results.Add(result);
            Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $" {result.EventsPerSecond / 1e6:F1}{(result.Completed ? "" : "(timeout)")}"));
        }

        Console.Error.WriteLine();
    }

    var channel = rows.Find(r => r.Shape == "1P1C" && r.Implementation.StartsWith("Channel", StringComparison.Ordinal))!;
    var queue = rows.Find(r => r.Shape == "1P1C" && r.Implementation == "ConcurrentQueue")!;
    foreach (var row in rows)
    {
        if (!row.Implementation.StartsWith("ring", StringComparison.Ordinal))
        {
            continue;
        }

        if (row.Shape == "1P1C")
        {
            row.Ratio = string.Create(CultureInfo.InvariantCulture, $"{row.Median / channel.Median:F1}x Channel, {row.Median / queue.Median:F2}x CQ");
        }
        else
        {
            var single = rows.Find(r => r.Shape == "1P1C" && r.Implementation == "ring" && r.Wait == row.Wait);
            if (single is not null)
            {
                row.Ratio = string.Create(CultureInfo.InvariantCulture, $"{row.Median / single.Median:F2}x its 1P1C");
            }
        }
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## Throughput (32-byte events, capacity {o.RingSize}, median of {o.Reps} runs)"));
    Console.WriteLine();
    Console.WriteLine("| Shape | Implementation | Wait | Events/run | Median M ev/s | Min | Max | B/event (process) | Ratio |");
    Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---|");
    foreach (var row in rows)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {row.Shape} | {row.Implementation} | {row.Wait} | {row.Events:N0} | {row.Median / 1e6:F1} | {row.Min / 1e6:F1} | {row.Max / 1e6:F1} | {row.MedianBytesPerEvent:F3} | {row.Ratio}{(row.AllCompleted ? "" : " (a run timed out)")} |"));
    }

    Console.WriteLine();
    Console.WriteLine("load average after throughput: " + LoadAverage());
    Console.WriteLine();
}

static void RunLatency(PerfOptions o, List<(string Name, Func<WaitStrategy> Create)> strategies, TimeSpan timeout)
{
    RunLatencyPass(o, strategies, timeout, o.Rate, o.LatencyEvents, o.LatencyWarmup, "busy stream");
    RunLatencyPass(o, strategies, timeout, o.QuietRate, o.QuietEvents, o.QuietEvents / 10, "quiet stream: processors park between events");
}

static void RunLatencyPass(PerfOptions o, List<(string Name, Func<WaitStrategy> Create)> strategies, TimeSpan timeout, long rate, long events, long warmup, string title)
{
    var rows = new List<(string Implementation, string Wait, Func<LatencyResult> Run)>();
    foreach (var (name, create) in strategies)
    {
        rows.Add(("ring", name, () => RingScenarios.Latency(events, warmup, o.RingSize, create(), rate, timeout)));
    }

    rows.Add(("Channel (bounded, SR/SW)", "async", () => ChannelScenarios.Latency(events, warmup, o.RingSize, rate, timeout)));
    rows.Add(("ConcurrentQueue", "spin", () => ConcurrentQueueScenarios.Latency(events, warmup, rate, timeout)));
    rows.Add(("BlockingCollection (bounded)", "Take", () => BlockingCollectionScenarios.Latency(events, warmup, o.RingSize, rate, timeout)));

    var results = new List<LatencyResult>[rows.Count];
    for (int i = 0; i < rows.Count; i++)
    {
        results[i] = [];
    }

    // Rows interleaved per repetition, so a burst of load on the machine hits every row alike.
    for (int rep = 0; rep < o.LatencyReps; rep++)
    {
        for (int i = 0; i < rows.Count; i++)
        {
            Console.Error.WriteLine($"latency {rows[i].Implementation} {rows[i].Wait} at {rate}/s, run {rep + 1}");
            Collect();
            results[i].Add(rows[i].Run());
        }
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"## Hand-off latency, 1P1C, {title} ({rate:N0} events/s, {events - warmup:N0} samples per run, median of {o.LatencyReps} runs per percentile)"));
    Console.WriteLine();
    Console.WriteLine("| Implementation | Wait | p50 µs | p99 µs | p99.9 µs | max µs |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|");
    for (int i = 0; i < rows.Count; i++)
    {
        var r = LatencyResult.Median(results[i]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {rows[i].Implementation} | {rows[i].Wait} | {r.P50 / 1e3:F2} | {r.P99 / 1e3:F2} | {r.P999 / 1e3:F2} | {r.Max / 1e3:F1} |{(r.Completed ? "" : " timed out")}"));
    }

    Console.WriteLine();
    Console.WriteLine("load average after latency: " + LoadAverage());
    Console.WriteLine();
}

static string LoadAverage()
{
    // Linux only; elsewhere the line just says so. Other work on the machine skews every figure below.
    const string Path = "/proc/loadavg";
    return File.Exists(Path) ? string.Join(' ', File.ReadAllText(Path).Split(' ').Take(3)) : "n/a";
}

static void Collect()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
}
