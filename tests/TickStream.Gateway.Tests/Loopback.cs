using NetMQ;
using NetMQ.Sockets;
using TickStream.FeedHandler;
using TickStream.Sources;

namespace TickStream.Gateway.Tests;

/// <summary>Feed handlers, gateways and subscribers on 127.0.0.1 with ports picked at run time.</summary>
internal static class Loopback
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static FeedEngine StartFeed(double ticksPerSecond, params string[] symbols) => StartJournaledFeed(ticksPerSecond, null, symbols);

    public static FeedEngine StartJournaledFeed(double ticksPerSecond, string? journal, params string[] symbols)
    {
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarketOptions { Seed = 11, TicksPerSecond = ticksPerSecond, Symbols = symbols };
        var feed = new FeedEngine(new FeedHandlerOptions
        {
            Publish = "tcp://127.0.0.1:*",
            HeartbeatInterval = TimeSpan.FromMilliseconds(100),
            RingSize = 4096,
            JournalDirectory = journal,
        }, [new SyntheticMarket(market, registry)], registry);
        feed.StartPublisher();
        return feed;
    }

    public static GatewayOptions Options(string upstream)
    {
        var options = new GatewayOptions { Publish = "tcp://127.0.0.1:*", Request = "tcp://127.0.0.1:*" };
        options.Upstreams.Add(upstream);
        return options;
    }

    public static GatewayEngine StartGateway(GatewayOptions options)
    {
        var gateway = new GatewayEngine(options);
        gateway.Start();
        return gateway;
    }

    public static bool WaitUntil(Func<bool> condition, TimeSpan? deadline = null) => Poll.Until(condition, deadline ?? Deadline);

    public static NetMQMessage Request(string endpoint, string command, NetMQCertificate? serverCertificate = null)
    {
        using var dealer = new DealerSocket();
        dealer.Options.Linger = TimeSpan.Zero;
        if (serverCertificate is not null)
        {
            dealer.Options.CurveServerKey = serverCertificate.PublicKey;
            dealer.Options.CurveCertificate = new NetMQCertificate();
        }

        dealer.Connect(endpoint);
        Assert.True(dealer.TrySendFrame(Deadline, command));
        var reply = new NetMQMessage();
        Assert.True(dealer.TryReceiveMultipartMessage(Deadline, ref reply), "no reply to " + command);
        return reply;
    }

    /// <summary>The symbolSeq of a Trade or Quote message (topic and frame).</summary>
    public static ulong SymbolSeq(byte[] message)
    {
        Assert.True(TickStream.Wire.Topic.TrySplit(message, out _, out var frame));
        return BitConverter.ToUInt64(frame[16..24]);
    }
}
