using System.Diagnostics;
using NetMQ;
using NetMQ.Sockets;
using TickStream.FeedHandler;
using TickStream.Sources;

namespace TickStream.LoadTest;

/// <summary>
/// Ticks per second from the synthetic source through normalisation, the ring and the PUB send, with no
/// subscriber and with one, beside raw NetMQ sending frames of the same size from memory.
/// </summary>
internal static class FeedThroughput
{
    public static double TickStream(int ticks, bool withSubscriber)
    {
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarket(new SyntheticMarketOptions { Seed = 11, TicksPerSecond = 0, MaxTicks = ticks }, registry);
        var options = new FeedHandlerOptions { Publish = "tcp://127.0.0.1:*", HeartbeatInterval = TimeSpan.FromMilliseconds(200) };
        using var engine = new FeedEngine(options, [market], registry);
        engine.StartPublisher();
        using var counter = withSubscriber ? new CountingSubscriber(engine.Endpoint, "T.", "Q.") : null;
        if (counter is not null)
        {
            Wait(() => engine.Counters.Subscriptions >= 2);
        }

        var clock = Stopwatch.StartNew();
        engine.StartSources();
        if (counter is not null)
        {
            Wait(() => counter.Count >= ticks);
        }
        else
        {
            Wait(() => engine.Counters.Published >= ticks + 50);
        }

        var elapsed = clock.Elapsed;
        engine.Stop();
        var delivered = counter?.Count ?? engine.Counters.TicksIn;
        return delivered < ticks ? -delivered : ticks / elapsed.TotalSeconds;
    }

    public static double RawNetMq(int messages, int frameBytes, bool withSubscriber)
    {
        var frame = new byte[frameBytes];
        "Q.AAPL|"u8.CopyTo(frame);
        using var pub = new XPublisherSocket();
        pub.Options.SendHighWatermark = 1_000_000;
        pub.Bind("tcp://127.0.0.1:*");
        using var counter = withSubscriber ? new CountingSubscriber(pub.Options.LastEndpoint!, "Q.") : null;
        if (counter is not null)
        {
            Wait(() => pub.TryReceiveFrameBytes(TimeSpan.FromMilliseconds(10), out _));
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < messages; i++)
        {
            var msg = default(Msg);
            msg.InitPool(frame.Length);
            frame.CopyTo(msg.Slice());
            pub.TrySend(ref msg, TimeSpan.Zero, more: false);
            msg.Close();
        }

        if (counter is not null)
        {
            Wait(() => counter.Count >= messages);
        }

        var elapsed = clock.Elapsed;
        var delivered = counter?.Count ?? messages;
        return delivered < messages ? -delivered : messages / elapsed.TotalSeconds;
    }

    private static void Wait(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(1);
        }
    }
}
