using TickStream.FeedHandler;
using TickStream.Sources;

namespace TickStream.LoadTest;

/// <summary>The feed handler itself: synthetic market, normaliser, ring, XPUB.</summary>
internal sealed class TickStreamPublisher : IScenarioPublisher
{
    private readonly FeedEngine _engine;

    public TickStreamPublisher(double ticksPerSecond, long maxTicks, ulong seed, int highWatermark, TimeSpan pacingSlack)
    {
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarket(HarnessMarket.Options(ticksPerSecond, maxTicks, seed, pacingSlack), registry);
        var options = new FeedHandlerOptions { Publish = "tcp://127.0.0.1:*", SendHighWatermark = highWatermark };
        _engine = new FeedEngine(options, [market], registry);
        _engine.StartPublisher();
    }

    public string Endpoint => _engine.Endpoint;

    public long Sent => _engine.Counters.TicksIn - _engine.Counters.Rejected - _engine.Counters.Dropped;

    public Task Completed => _engine.SourcesCompleted;

    // Every subscriber subscribes to trades and quotes: two subscriptions each (the socket is verbose).
    public bool SubscribersReady(int subscribers) => _engine.Counters.Subscriptions >= 2L * subscribers;

    public long Backlog => _engine.RingBacklog;

    public void Start() => _engine.StartSources();

    public void Stop() => _engine.Stop();

    public void Dispose() => _engine.Dispose();
}
