using NetMQ;
using TickStream.FeedHandler;
using TickStream.Gateway;
using TickStream.Sources;

namespace TickStream.Cli.Tests;

/// <summary>Feed handlers and gateways in the test process, on loopback ports the system picks.</summary>
internal static class Market
{
    public const string AaplOnly = "aapl-only-credential-0123456789";

    public static FeedEngine StartFeed(double ticksPerSecond, params string[] symbols)
    {
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarketOptions { Seed = 7, TicksPerSecond = ticksPerSecond, Symbols = symbols.Length == 0 ? null : symbols };
        var feed = new FeedEngine(new FeedHandlerOptions
        {
            Publish = "tcp://127.0.0.1:*",
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            RingSize = 4096,
        }, [new SyntheticMarket(market, registry)], registry);
        feed.StartPublisher();
        return feed;
    }

    public static GatewayEngine StartGateway(string upstream, NetMQCertificate? server = null, bool entitlements = false)
    {
        var options = new GatewayOptions { Publish = "tcp://127.0.0.1:*", Request = "tcp://127.0.0.1:*", ServerCertificate = server };
        options.Upstreams.Add(upstream);
        if (entitlements)
        {
            Assert.True(EntitlementTable.TryParse($"{AaplOnly}  AAPL\n", "test", out var table, out var error), error);
            options.Entitlements = table;
        }

        var gateway = new GatewayEngine(options);
        gateway.Start();
        return gateway;
    }
}
