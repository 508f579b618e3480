using System.Text;
using NetMQ;
using NetMQ.Sockets;
using TickStream.Client;

namespace TickStream.Gateway.Tests;

/// <summary>CurveZMQ on the client-facing sockets, and entitlements on the stream, snapshots and replays.</summary>
public sealed class GatewaySecurityTests
{
    internal const string AaplOnly = "aapl-only-credential-0123456789";
    internal const string Everything = "everything-credential-0123456789";

    [Fact]
    public void Curve_WrongServerKey_ReceivesNothingWhileRightKeyReceives()
    {
        using var feed = Loopback.StartFeed(2_000, "AAPL");
        feed.StartSources();
        var server = new NetMQCertificate();
        var options = Loopback.Options(feed.Endpoint);
        options.ServerCertificate = server;
        using var gateway = Loopback.StartGateway(options);
        using var right = new FrameCollector(gateway.PublishEndpoint, ["Q.AAPL|"], server);
        using var wrong = new FrameCollector(gateway.PublishEndpoint, ["Q.AAPL|"], NetMQCertificate.FromPublicKey(new NetMQCertificate().PublicKeyZ85));
        using var plain = new FrameCollector(gateway.PublishEndpoint, ["Q.AAPL|"]);
        Assert.True(Loopback.WaitUntil(() => right.Count >= 200));
        Assert.Equal(0, wrong.Count);
        Assert.Equal(0, plain.Count);
    }

    [Fact]
    public void Curve_TickSubscriberWithServerKey_ReceivesAndWithWrongKeyReceivesNothing()
    {
        using var feed = Loopback.StartFeed(2_000, "AAPL");
        feed.StartSources();
        var server = new NetMQCertificate();
        var options = Loopback.Options(feed.Endpoint);
        options.ServerCertificate = server;
        using var gateway = Loopback.StartGateway(options);
        var right = new TickSubscriberOptions { CurveServerKey = server.PublicKey, Symbols = { "AAPL" } };
        right.Endpoints.Add(gateway.PublishEndpoint);
        var wrong = new TickSubscriberOptions { CurveServerKey = new NetMQCertificate().PublicKey, Symbols = { "AAPL" } };
        wrong.Endpoints.Add(gateway.PublishEndpoint);
        using var rightSubscriber = new TickSubscriber(right);
        using var wrongSubscriber = new TickSubscriber(wrong);
        Assert.True(Loopback.WaitUntil(() => rightSubscriber.Counters.Quotes >= 200));
        Assert.Equal(0, wrongSubscriber.Counters.FramesReceived);
    }

    [Fact]
    public void Curve_RequestWithWrongServerKey_GetsNoReply()
    {
        using var feed = Loopback.StartFeed(100, "AAPL");
        var server = new NetMQCertificate();
        var options = Loopback.Options(feed.Endpoint);
        options.ServerCertificate = server;
        using var gateway = Loopback.StartGateway(options);
        using var wrong = new SnapshotClient(gateway.RequestEndpoint, new NetMQCertificate().PublicKeyZ85);
        Assert.Throws<GatewayRequestException>(() => wrong.Request("LIST", TimeSpan.FromMilliseconds(500)));
        using var right = new SnapshotClient(gateway.RequestEndpoint, server.PublicKeyZ85);
        Assert.Empty(right.Request("LIST", Loopback.Deadline));
    }

    [Fact]
    public void Entitlements_UnentitledClient_ReceivesNothing_EntitledOnlyItsSymbols()
    {
        using var feed = Loopback.StartFeed(2_000, "AAPL", "MSFT");
        feed.StartSources();
        var server = new NetMQCertificate();
        var options = EntitledOptions(feed.Endpoint, server);
        using var gateway = Loopback.StartGateway(options);

        using var login = new SnapshotClient(gateway.RequestEndpoint, server.PublicKeyZ85);
        login.Login(AaplOnly, Loopback.Deadline);

        // The XPUB serves no one under entitlements, whatever is asked.
        using var xpub = new FrameCollector(gateway.PublishEndpoint, ["Q.AAPL|", "Q.", ""], server);

        // An entitled session streams from the request socket, its own symbols only.
        using var entitled = new DealerSocket();
        entitled.Options.Linger = TimeSpan.Zero;
        entitled.Options.CurveServerKey = server.PublicKey;
        entitled.Options.CurveCertificate = new NetMQCertificate();
        entitled.Connect(gateway.RequestEndpoint);
        Assert.StartsWith("SESSION ", RoundTrip(entitled, "LOGIN " + AaplOnly)[0], StringComparison.Ordinal);
        Assert.StartsWith("ERROR symbols this session is entitled to; not entitled to MSFT", RoundTrip(entitled, "SUBSCRIBE AAPL MSFT")[^1], StringComparison.Ordinal);
        Assert.Equal("END", RoundTrip(entitled, "SUBSCRIBE AAPL")[^1]);

        // A connection that did not log in cannot subscribe.
        using var anonymousStream = new DealerSocket();
        anonymousStream.Options.Linger = TimeSpan.Zero;
        anonymousStream.Options.CurveServerKey = server.PublicKey;
        anonymousStream.Options.CurveCertificate = new NetMQCertificate();
        anonymousStream.Connect(gateway.RequestEndpoint);
        Assert.StartsWith("ERROR LOGIN <credential> on this connection", RoundTrip(anonymousStream, "SUBSCRIBE AAPL")[^1], StringComparison.Ordinal);

        var received = new List<byte[]>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (received.Count < 200 && clock.Elapsed < Loopback.Deadline)
        {
            if (entitled.TryReceiveFrameBytes(TimeSpan.FromMilliseconds(100), out var frame))
            {
                received.Add(frame);
            }
        }

        Assert.Equal(200, received.Count);
        Assert.All(received, m => Assert.True(m.AsSpan().StartsWith("T.AAPL|"u8) || m.AsSpan().StartsWith("Q.AAPL|"u8)
            || m.AsSpan().StartsWith("B.AAPL|"u8) || m.AsSpan().StartsWith("I.AAPL|"u8) || m.AsSpan().StartsWith("H|"u8) || m.AsSpan().StartsWith("S|"u8),
            Encoding.ASCII.GetString(m, 0, 7)));
        Assert.False(anonymousStream.TryReceiveFrameBytes(TimeSpan.FromMilliseconds(200), out _));
        Assert.Equal(0, xpub.Count);
        Assert.True(gateway.Counters.RejectedSubscriptions >= 3, $"rejected {gateway.Counters.RejectedSubscriptions}");

        // Snapshots follow the same grant.
        Assert.Contains(login.Request("SNAPSHOT AAPL", Loopback.Deadline), f => f.AsSpan().StartsWith("X.AAPL|"u8));
        var refused = Assert.Throws<GatewayRequestException>(() => login.Request("SNAPSHOT MSFT", Loopback.Deadline));
        Assert.Contains("not entitled to MSFT", refused.Message, StringComparison.Ordinal);
        var star = login.Request("SNAPSHOT *", Loopback.Deadline);
        Assert.DoesNotContain(star, f => f.AsSpan().StartsWith("X.MSFT|"u8));

        // A connection that never logged in gets an error, never data.
        using var anonymous = new SnapshotClient(gateway.RequestEndpoint, server.PublicKeyZ85);
        var notLoggedIn = Assert.Throws<GatewayRequestException>(() => anonymous.Request("SNAPSHOT AAPL", Loopback.Deadline));
        Assert.Contains("LOGIN", notLoggedIn.Message, StringComparison.Ordinal);
        Assert.Throws<GatewayRequestException>(() => anonymous.Login("not-a-known-credential-at-all", Loopback.Deadline));
    }

    [Fact]
    public async Task Entitlements_Replay_OnlyEntitledSymbols()
    {
        var journal = Directory.CreateTempSubdirectory("gateway-replay-");
        try
        {
            var registry = new TickStream.Sources.InstrumentRegistry();
            var market = new TickStream.Sources.SyntheticMarketOptions { Seed = 3, TicksPerSecond = 0, MaxTicks = 2_000, Symbols = ["AAPL", "MSFT"] };
            using (var recorder = new TickStream.FeedHandler.FeedEngine(new TickStream.FeedHandler.FeedHandlerOptions
            {
                Publish = "tcp://127.0.0.1:*",
                JournalDirectory = journal.FullName,
                JournalFlushPolicy = TickStream.Journal.JournalFlushPolicy.OnClose,
            }, [new TickStream.Sources.SyntheticMarket(market, registry)], registry))
            {
                recorder.Start();
                await recorder.SourcesCompleted.WaitAsync(Loopback.Deadline, TestContext.Current.CancellationToken);
                Assert.True(recorder.Stop());
            }

            using var feed = Loopback.StartFeed(100, "AAPL");
            var server = new NetMQCertificate();
            var options = EntitledOptions(feed.Endpoint, server);
            options.JournalDirectory = journal.FullName;
            options.MaxReplayFrames = 100;
            using var gateway = Loopback.StartGateway(options);
            using var client = new SnapshotClient(gateway.RequestEndpoint, server.PublicKeyZ85);
            client.Login(AaplOnly, Loopback.Deadline);
            var refused = Assert.Throws<GatewayRequestException>(() => client.Request("REPLAY 0 9223372036854775807 MSFT", Loopback.Deadline));
            Assert.Contains("not entitled to MSFT", refused.Message, StringComparison.Ordinal);

            // 100 frames at most, then END TRUNCATED: the reply says where to go on.
            var frames = Loopback.Request(gateway.RequestEndpoint, "LOGIN " + AaplOnly, server);
            Assert.StartsWith("SESSION ", frames[0].ConvertToString(), StringComparison.Ordinal);
            var replay = client.Request("REPLAY 0 9223372036854775807 AAPL", Loopback.Deadline);
            Assert.Equal(100, replay.Count);
            Assert.All(replay, f => Assert.True(f.AsSpan().StartsWith("T.AAPL|"u8) || f.AsSpan().StartsWith("Q.AAPL|"u8) || f.AsSpan().StartsWith("I.AAPL|"u8) || f.AsSpan().StartsWith("B.AAPL|"u8)));
        }
        finally
        {
            journal.Delete(recursive: true);
        }
    }

    internal static List<string> RoundTrip(DealerSocket socket, string command)
    {
        Assert.True(socket.TrySendFrame(Loopback.Deadline, command));

        // Stream frames may come first: a reply is the multipart message that ends in END or ERROR.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var message = new NetMQMessage();
        while (clock.Elapsed < Loopback.Deadline && socket.TryReceiveMultipartMessage(Loopback.Deadline, ref message))
        {
            var last = message.Last.ConvertToString();
            if (last.StartsWith("END", StringComparison.Ordinal) || last.StartsWith("ERROR", StringComparison.Ordinal))
            {
                return [.. message.Select(f => f.ConvertToString())];
            }
        }

        Assert.Fail("no reply to " + command);
        return [];
    }

    internal static GatewayOptions EntitledOptions(string upstream, NetMQCertificate server)
    {
        Assert.True(EntitlementTable.TryParse($"""
            # test grants
            {AaplOnly}  AAPL
            {Everything} *
            """, "test", out var table, out var error), error);
        var options = Loopback.Options(upstream);
        options.ServerCertificate = server;
        options.Entitlements = table;
        return options;
    }
}
