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

    /// <summary>An upstream the test drives itself: publishes exactly the quotes it is told to, when it is told to.</summary>
    public static TestUpstream StartUpstream(string symbol) => new(symbol);

    /// <summary>The symbolSeq of a Trade or Quote message (topic and frame).</summary>
    public static ulong SymbolSeq(byte[] message)
    {
        Assert.True(TickStream.Wire.Topic.TrySplit(message, out _, out var frame));
        return BitConverter.ToUInt64(frame[16..24]);
    }
}

/// <summary>
/// A PUB socket on a free loopback port standing in for a feed handler: it publishes valid Quotes of one symbol on
/// stream 1, with symbolSeq 1, 2, 3, ... and never drops (no high-water mark), so what it has published is known
/// exactly and a test can pace it on what its subscribers have received.
/// </summary>
internal sealed class TestUpstream : IDisposable
{
    private readonly PublisherSocket _socket = new();
    private readonly string _symbol;
    private readonly byte[] _topic;

    public TestUpstream(string symbol)
    {
        _symbol = symbol;
        _topic = System.Text.Encoding.ASCII.GetBytes($"Q.{symbol}|");
        _socket.Options.SendHighWatermark = 0;
        _socket.Options.Linger = TimeSpan.Zero;
        _socket.Bind("tcp://127.0.0.1:*");
        Endpoint = _socket.Options.LastEndpoint!;
    }

    public string Endpoint { get; }

    /// <summary>The symbolSeq of the last quote published; 0 before the first.</summary>
    public ulong LastSeq { get; private set; }

    /// <summary>Publishes <paramref name="count"/> quotes, the next sequences.</summary>
    public void Publish(int count)
    {
        for (var i = 0; i < count; i++)
        {
            LastSeq++;
            _socket.SendFrame(Quote(LastSeq));
        }
    }

    /// <summary>
    /// Publishes one quote at a time until <paramref name="condition"/> holds (a subscription has come through: a
    /// PUB drops what nobody has subscribed to yet), polling a little after each; bounded by a deadline.
    /// </summary>
    public bool PublishUntil(Func<bool> condition, TimeSpan deadline)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < deadline)
        {
            Publish(1);
            if (Poll.Until(condition, TimeSpan.FromMilliseconds(50)))
            {
                return true;
            }
        }

        return condition();
    }

    private byte[] Quote(ulong seq)
    {
        var buffer = new byte[_topic.Length + TickStream.Wire.QuoteEncoder.HeaderLength + TickStream.Wire.QuoteEncoder.BlockLength];
        _topic.CopyTo(buffer, 0);
        var quote = TickStream.Wire.QuoteEncoder.WrapAndApplyHeader(buffer.AsSpan(_topic.Length));
        quote.SetStreamSeq(seq);
        quote.SetSymbolSeq(seq);
        quote.SetExchangeTime(seq);
        quote.SetIngestTime((ulong)TickStream.Wire.WireClock.NowNanoseconds());
        quote.SetStreamId(1);
        quote.SetSymbol(_symbol);
        quote.SetVenue("SYNT");
        quote.BidPrice.SetMantissa(99_000_000_000);
        quote.SetBidSize(10);
        quote.AskPrice.SetMantissa(101_000_000_000);
        quote.SetAskSize(10);
        return buffer[..(_topic.Length + quote.EncodedLength)];
    }

    public void Dispose() => _socket.Dispose();
}
