using System.Diagnostics;
using System.Globalization;
using TickStream.Client;
using TickStream.FeedHandler;
using TickStream.Sources;

namespace TickStream.Fuzz;

/// <summary>
/// Feed handler and a subscriber taking everything at a fixed rate for a long time: per interval the ticks
/// received, gaps, working set, GC heap and latency percentiles, as a table.
/// </summary>
internal static class SoakMode
{
    public static int Run(TimeSpan duration, double rate, TimeSpan interval, int receiveHighWatermark, int sendHighWatermark)
    {
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarketOptions { Seed = 1, TicksPerSecond = rate };
        using var engine = new FeedEngine(new FeedHandlerOptions { Publish = "tcp://127.0.0.1:*", SendHighWatermark = sendHighWatermark }, [new SyntheticMarket(market, registry)], registry);
        engine.StartPublisher();
        var options = new TickSubscriberOptions { SubscribeAll = true, HeartbeatTimeout = TimeSpan.FromSeconds(10), ReceiveHighWatermark = receiveHighWatermark };
        options.Endpoints.Add(engine.Endpoint);
        long received = 0;
        using var subscriber = new TickSubscriber(options, (in TickView tick) =>
        {
            if (tick.Kind is Client.TickKind.Trade or Client.TickKind.Quote)
            {
                Interlocked.Increment(ref received);
            }
        });
        var gapEvents = new System.Collections.Concurrent.ConcurrentQueue<string>();
        subscriber.GapDetected += (_, gap) =>
        {
            if (gapEvents.Count < 20)
            {
                gapEvents.Enqueue(gap.ToString() ?? "");
            }
        };
        var clock = Stopwatch.StartNew();
        while (engine.Counters.Subscriptions < 3 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(10);
        }

        engine.StartSources();
        _ = subscriber.Latency.TakeInterval();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"soak: {duration.TotalSeconds:F0} s at {rate:N0} ticks/s, sampled every {interval.TotalSeconds:F0} s, feed send HWM {sendHighWatermark:N0}, subscriber receive HWM {receiveHighWatermark:N0}"));
        Console.WriteLine("| t (s) | ticks in | received | ticks/s | gaps | missing | RSS MiB | GC heap MiB | p50 us | p99 us | p99.9 us | max us |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        clock.Restart();
        long lastReceived = 0;
        var next = interval;
        while (clock.Elapsed < duration)
        {
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait);
            }

            next += interval;
            var now = Interlocked.Read(ref received);
            var h = subscriber.Latency.TakeInterval();
            var counters = subscriber.Counters;
            using var process = Process.GetCurrentProcess();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {clock.Elapsed.TotalSeconds:F0} | {engine.Counters.TicksIn:N0} | {now:N0} | {(now - lastReceived) / interval.TotalSeconds:N0} | {counters.Gaps} | {counters.MissingFrames} | " +
                $"{process.WorkingSet64 / 1048576.0:F0} | {GC.GetTotalMemory(false) / 1048576.0:F1} | {Us(h, 50)} | {Us(h, 99)} | {Us(h, 99.9)} | {(h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(100)) / 1000.0:F0} |"));
            lastReceived = now;
        }

        engine.Stop();
        clock.Restart();
        while (Interlocked.Read(ref received) < engine.Counters.TicksIn && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(10);
        }

        var final = subscriber.Counters;
        var ok = final.Gaps == 0 && Interlocked.Read(ref received) == engine.Counters.TicksIn;
        Console.WriteLine($"feed: {engine.Counters}");
        Console.WriteLine($"subscriber: {final}");
        foreach (var gap in gapEvents)
        {
            Console.WriteLine($"gap: {gap}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"total: {engine.Counters.TicksIn:N0} ticks in, {engine.Counters.Published:N0} frames published, {received:N0} ticks received, {final.Gaps} gaps ({final.MissingFrames} missing): {(ok ? "PASS" : "FAIL")}"));
        return ok ? 0 : 1;
    }

    private static string Us(HdrHistogram.HistogramBase h, double percentile) =>
        h.TotalCount == 0 ? "-" : (h.GetValueAtPercentile(percentile) / 1000.0).ToString("F0", CultureInfo.InvariantCulture);
}
