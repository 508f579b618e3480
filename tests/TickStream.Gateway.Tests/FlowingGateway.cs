using TickStream.FeedHandler;

namespace TickStream.Gateway.Tests;

/// <summary>
/// A synthetic feed through a gateway with a subscriber of everything, started before the first tick and run until
/// the subscriber has a given number of Trade, Quote and BookUpdate messages: the live frames a retransmission is
/// checked against.
/// </summary>
internal sealed record FlowingGateway(FeedEngine Feed, GatewayEngine Gateway, FrameCollector Live) : IDisposable
{
    /// <summary>Starts it all and waits until <paramref name="frames"/> sequenced messages arrived.</summary>
    /// <param name="configure">Changes to the gateway's options.</param>
    /// <param name="frames">How many sequenced messages to wait for.</param>
    /// <param name="symbols">The synthetic symbols.</param>
    public static FlowingGateway Start(Action<GatewayOptions> configure, int frames, params string[] symbols)
    {
        var feed = Loopback.StartFeed(5_000, symbols);
        var options = Loopback.Options(feed.Endpoint);
        configure(options);
        var gateway = Loopback.StartGateway(options);
        var live = new FrameCollector(gateway.PublishEndpoint);
        var flowing = new FlowingGateway(feed, gateway, live);

        // The gateway's own three subscriptions and the subscriber's: every sequenced frame then reaches both.
        Assert.True(Loopback.WaitUntil(() => feed.Counters.Subscriptions >= 4));
        feed.StartSources();
        Assert.True(Loopback.WaitUntil(() => live.Sequenced().Count >= frames));
        return flowing;
    }

    public void Dispose()
    {
        Live.Dispose();
        Gateway.Dispose();
        Feed.Dispose();
    }
}
