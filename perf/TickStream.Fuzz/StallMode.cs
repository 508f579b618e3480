using System.Diagnostics;
using System.Globalization;
using NetMQ;
using NetMQ.Sockets;
using TickStream.Client;
using TickStream.FeedHandler;
using TickStream.Sources;
using TickStream.Wire;

namespace TickStream.Fuzz;

/// <summary>
/// The full stalled-subscriber figure: a raw NetMQ SUB stops reading for a while under a high fixed rate, beside a
/// healthy TickSubscriber; prints what each received, the stalled one's gaps (from streamSeq) and memory.
/// </summary>
internal static class StallMode
{
    public static int Run(double rate, TimeSpan stall, int receiveHighWatermark, int sendHighWatermark)
    {
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarketOptions { Seed = 2, TicksPerSecond = rate, BurstRateMultiplier = 1 };
        using var engine = new FeedEngine(new FeedHandlerOptions { Publish = "tcp://127.0.0.1:*", SendHighWatermark = sendHighWatermark },
            [new SyntheticMarket(market, registry)], registry);
        engine.StartPublisher();
        var options = new TickSubscriberOptions { SubscribeAll = true, HeartbeatTimeout = stall * 3 };
        options.Endpoints.Add(engine.Endpoint);
        long healthyTicks = 0;
        using var healthy = new TickSubscriber(options, (in TickView tick) =>
        {
            if (tick.Kind is Client.TickKind.Trade or Client.TickKind.Quote)
            {
                Interlocked.Increment(ref healthyTicks);
            }
        });

        using var raw = new SubscriberSocket();
        raw.Options.ReceiveHighWatermark = receiveHighWatermark;
        raw.Connect(engine.Endpoint);
        raw.Subscribe("T.");
        raw.Subscribe("Q.");
        var clock = Stopwatch.StartNew();
        while (engine.Counters.Subscriptions < 5 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(10);
        }

        engine.StartSources();
        long rawTicks = 0;
        long rawMissing = 0;
        long rawGaps = 0;
        ulong last = 0;
        void Drain(TimeSpan quiet, TimeSpan until)
        {
            var msg = default(Msg);
            msg.InitEmpty();
            while (raw.TryReceive(ref msg, quiet))
            {
                if (Topic.TrySplit(msg.Slice(), out var topic, out var frame) && frame.Length >= 16)
                {
                    var seq = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(frame[8..]);
                    rawTicks++;
                    if (last != 0 && seq > last + 1)
                    {
                        rawGaps++;
                        rawMissing += (long)(seq - last - 1);
                    }

                    last = seq;
                }

                if (clock.Elapsed > until)
                {
                    break;
                }
            }

            msg.Close();
        }

        clock.Restart();
        while (clock.Elapsed < TimeSpan.FromSeconds(1))
        {
            Drain(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));
        }

        var heapBefore = GC.GetTotalMemory(true);
        var rssBefore = Process.GetCurrentProcess().WorkingSet64;
        var inBefore = engine.Counters.TicksIn;
        Thread.Sleep(stall); // the raw SUB reads nothing now
        var inDuring = engine.Counters.TicksIn - inBefore;
        var heapDuring = GC.GetTotalMemory(true);
        var rssDuring = Process.GetCurrentProcess().WorkingSet64;
        clock.Restart();
        while (clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            Drain(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(2));
        }

        engine.Stop();
        clock.Restart();
        Drain(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
        clock.Restart();
        while (Interlocked.Read(ref healthyTicks) < engine.Counters.TicksIn && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(10);
        }

        var ok = healthy.Counters.Gaps == 0 && Interlocked.Read(ref healthyTicks) == engine.Counters.TicksIn && engine.Counters.Dropped == 0 && rawMissing > 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            stall: {stall.TotalSeconds:F0} s at {rate:N0} ticks/s, feed SendHighWatermark {sendHighWatermark:N0}, stalled SUB ReceiveHighWatermark {receiveHighWatermark:N0}
            feed: {engine.Counters.TicksIn:N0} ticks in ({inDuring:N0} during the stall, {inDuring / stall.TotalSeconds:N0}/s), {engine.Counters.Published:N0} published, ring drops {engine.Counters.Dropped}
            healthy subscriber: {healthyTicks:N0} received, {healthy.Counters.Gaps} gaps
            stalled raw SUB: {rawTicks:N0} received, {rawGaps} gaps, {rawMissing:N0} frames missing
            memory: GC heap {heapBefore / 1048576.0:F1} -> {heapDuring / 1048576.0:F1} MiB, working set {rssBefore / 1048576.0:F0} -> {rssDuring / 1048576.0:F0} MiB
            {(ok ? "PASS" : "FAIL")}
            """));
        return ok ? 0 : 1;
    }
}
