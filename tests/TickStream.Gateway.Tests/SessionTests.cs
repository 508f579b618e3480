using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using NetMQ;
using NetMQ.Sockets;

namespace TickStream.Gateway.Tests;

/// <summary>
/// Entitled sessions belong to their connection (docs/SECURITY.md): a connection that brings the routing id of a
/// departed session inherits nothing, a silent connection is closed with its session, and the state one client can
/// make the gateway hold is bounded.
/// </summary>
public sealed class SessionTests
{
    private const string Credential = GatewaySecurityTests.AaplOnly;

    [Fact]
    public void Takeover_NetMqDealerWithADepartedSessionsRoutingId_GetsNoStreamFrameAndNoSnapshot()
    {
        using var entitled = EntitledGateway.Start(2_000, ["AAPL", "MSFT"]);
        var (gateway, server) = (entitled.Gateway, entitled.Server);
        using var observer = Session(gateway, server, null);

        var id = ChosenId();
        using (var departed = Session(gateway, server, id))
        {
            Assert.True(ReceiveStream(departed, 20) >= 20, "the first session took no stream");
        }

        // The gateway has ended the session: what follows is a new connection under the same id, never a race.
        Assert.True(Loopback.WaitUntil(() => gateway.Counters.SessionsEnded == 1), gateway.Counters.ToString());
        using var takeover = Dealer(gateway, server, id);
        Assert.True(takeover.TrySendFrame(Loopback.Deadline, "SNAPSHOT AAPL"));

        // Frames keep flowing to the observer meanwhile, so "nothing" is measured while there was something to get.
        var (stream, replies) = Listen(takeover, observer, 200);
        Assert.Equal(0, stream);
        var reply = Assert.Single(replies);
        Assert.Equal(["ERROR LOGIN <credential> on this connection before SNAPSHOT"], reply);
        Assert.Equal(1, gateway.Counters.Sessions);
    }

    [Fact]
    public void Takeover_NetMqDealerReconnectingAtOnce_GetsNoStreamFrameAndNoSnapshot()
    {
        using var entitled = EntitledGateway.Start(2_000, ["AAPL", "MSFT"]);
        var (gateway, server) = (entitled.Gateway, entitled.Server);
        using var observer = Session(gateway, server, null);
        for (var round = 0; round < 5; round++)
        {
            var id = ChosenId();
            using (var departed = Session(gateway, server, id))
            {
                Assert.True(ReceiveStream(departed, 20) >= 20, "the first session took no stream");
            }

            // At once: the old connection may still be registered under the id when this one arrives. Then the
            // ROUTER takes this one's first message as its id: it differs per round, so no round collides with the last.
            using var takeover = Dealer(gateway, server, id);
            Assert.True(takeover.TrySendFrame(Loopback.Deadline, "SNAPSHOT AAPL" + new string(' ', round + 1)));
            var (stream, replies) = Listen(takeover, observer, 100);

            // While the old connection is registered, the ROUTER leaves the new one unidentified and may take its
            // first message as its id, or never identify it at all: a request may go unanswered. What it gets, if
            // anything, is the error.
            Assert.True(takeover.TrySendFrame(Loopback.Deadline, "SNAPSHOT AAPL"));
            var (later, more) = Listen(takeover, observer, 100);
            Assert.Equal(0, stream + later);
            Assert.All(replies.Concat(more), r => Assert.Equal(["ERROR LOGIN <credential> on this connection before SNAPSHOT"], r));
        }

        Assert.True(Loopback.WaitUntil(() => gateway.Counters.SessionsEnded == 5), gateway.Counters.ToString());
        Assert.Equal(1, gateway.Counters.Sessions);
    }

    [Fact]
    public void Takeover_WhileTheSessionIsConnected_TheSecondConnectionGetsNothing()
    {
        using var entitled = EntitledGateway.Start(2_000, ["AAPL"]);
        var (gateway, server) = (entitled.Gateway, entitled.Server);
        var id = ChosenId();
        using var owner = Session(gateway, server, id);
        using var intruder = Dealer(gateway, server, id);
        Assert.True(intruder.TrySendFrame(Loopback.Deadline, "SNAPSHOT AAPL"));
        var (stream, replies) = Listen(intruder, owner, 200);
        Assert.Equal(0, stream);
        Assert.All(replies, r => Assert.Equal(["ERROR LOGIN <credential> on this connection before SNAPSHOT"], r));
        Assert.Equal(1, gateway.Counters.Sessions);
    }

    [Fact]
    public void Session_EndsWithItsConnection_ItsRoutesAndUpstreamSubscriptionGoToo()
    {
        using var entitled = EntitledGateway.Start(2_000, ["AAPL"]);
        var (gateway, server) = (entitled.Gateway, entitled.Server);
        using (var session = Session(gateway, server, null))
        {
            Assert.True(ReceiveStream(session, 20) >= 20);
            Assert.Equal(1, gateway.Counters.Sessions);
        }

        Assert.True(Loopback.WaitUntil(() => gateway.Counters.Sessions == 0 && gateway.Counters.SessionsEnded == 1 && gateway.Counters.ClientDisconnects >= 1),
            gateway.Counters.ToString());

        // AAPL's one route went with the session.
        Assert.Equal(1, gateway.Counters.Unsubscriptions);
    }

    [Fact]
    public void SilentClient_ClosedAfterTheTimeout_ItsSessionEnds()
    {
        using var entitled = EntitledGateway.Start(500, ["AAPL"], o =>
        {
            o.ClientHeartbeatInterval = TimeSpan.FromMilliseconds(200);
            o.ClientTimeout = TimeSpan.FromSeconds(1);
        });
        var (gateway, server) = (entitled.Gateway, entitled.Server);
        using var relay = new TcpRelay(gateway.RequestEndpoint);
        using var session = Session(relay.Endpoint, server, null);
        Assert.True(ReceiveStream(session, 20) >= 20);

        // Answering heartbeats keeps an idle session: it outlives several timeouts.
        var clock = Stopwatch.StartNew();
        Assert.False(Loopback.WaitUntil(() => gateway.Counters.SessionsEnded > 0, TimeSpan.FromSeconds(3)));

        // The client's host goes silent without closing anything: the gateway closes the connection itself.
        relay.Freeze();
        Assert.True(Loopback.WaitUntil(() => gateway.Counters.SessionsEnded == 1 && gateway.Counters.Sessions == 0), gateway.Counters.ToString());
    }

    [Fact]
    public void Limits_SessionsAndSymbols_BeyondThemAnErrorCountedAndTheStateStaysBounded()
    {
        using var entitled = EntitledGateway.Start(100, ["AAPL"], o =>
        {
            o.MaxSessions = 2;
            o.MaxSymbolsPerSession = 2;
        });
        var (gateway, server) = (entitled.Gateway, entitled.Server);

        using var first = Dealer(gateway, server, null);
        using var second = Dealer(gateway, server, null);
        Assert.Equal("END", GatewaySecurityTests.RoundTrip(first, "LOGIN " + GatewaySecurityTests.Everything)[^1]);
        Assert.Equal("END", GatewaySecurityTests.RoundTrip(second, "LOGIN " + Credential)[^1]);

        // A LOGIN again on a connection replaces its session: no new one.
        Assert.Equal("END", GatewaySecurityTests.RoundTrip(first, "LOGIN " + GatewaySecurityTests.Everything)[^1]);
        using (var third = Dealer(gateway, server, null))
        {
            Assert.StartsWith("ERROR LOGIN while fewer than 2 sessions are open", GatewaySecurityTests.RoundTrip(third, "LOGIN " + Credential)[^1], StringComparison.Ordinal);
        }

        Assert.Equal(1, gateway.Counters.LimitRefusals);
        Assert.Equal(2, gateway.Counters.Sessions);

        Assert.Equal("END", GatewaySecurityTests.RoundTrip(first, "SUBSCRIBE AAPL MSFT AAPL")[^1]);
        Assert.Equal("END", GatewaySecurityTests.RoundTrip(first, "SUBSCRIBE MSFT")[^1]);
        Assert.Equal("ERROR at most 2 symbols per session; this one takes 2 and asked for 1 more", GatewaySecurityTests.RoundTrip(first, "SUBSCRIBE AAPL IBM")[^1]);
        Assert.Equal(2, gateway.Counters.LimitRefusals);
        Assert.Equal("END", GatewaySecurityTests.RoundTrip(first, "UNSUBSCRIBE MSFT")[^1]);
        Assert.Equal("END", GatewaySecurityTests.RoundTrip(first, "SUBSCRIBE IBM")[^1]);

        // A place frees when a session's connection ends.
        second.Dispose();
        Assert.True(Loopback.WaitUntil(() => gateway.Counters.Sessions == 1), gateway.Counters.ToString());
        using var fourth = Dealer(gateway, server, null);
        Assert.Equal("END", GatewaySecurityTests.RoundTrip(fourth, "LOGIN " + Credential)[^1]);
    }

    [Fact]
    public async Task Takeover_PyzmqDealerWithADepartedSessionsRoutingId_GetsNoStreamFrameAndNoSnapshot()
    {
        PythonInteropTests.SkipUnlessPyzmq();
        using var entitled = EntitledGateway.Start(2_000, ["AAPL", "MSFT"]);
        var (gateway, server) = (entitled.Gateway, entitled.Server);
        using var observer = Session(gateway, server, null);
        foreach (var wait in new[] { true, false })
        {
            var endedBefore = gateway.Counters.SessionsEnded;
            using var python = Process.Start(new ProcessStartInfo(Pyzmq.Python, ["session_takeover.py", "--connect", gateway.RequestEndpoint,
                "--server-key", server.PublicKeyZ85, "--credential", Credential, .. wait ? Array.Empty<string>() : ["--no-wait"]])
            {
                WorkingDirectory = Path.Combine(AppContext.BaseDirectory, "python"),
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var errors = python.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            try
            {
                using var x = JsonDocument.Parse(await ReadLine(python));
                Assert.Equal(20, x.RootElement.GetProperty("frames").GetInt32());
                if (wait)
                {
                    Assert.True(Loopback.WaitUntil(() => gateway.Counters.SessionsEnded > endedBefore), gateway.Counters.ToString());
                    await python.StandardInput.WriteLineAsync("go");
                    await python.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
                }

                using var ready = JsonDocument.Parse(await ReadLine(python));
                Assert.Equal("y-ready", ready.RootElement.GetProperty("phase").GetString());
                Assert.True(ReceiveStream(observer, 200) >= 200, "the observer took no stream meanwhile");
                await python.StandardInput.WriteLineAsync("stop");
                await python.StandardInput.FlushAsync(TestContext.Current.CancellationToken);

                using var y = JsonDocument.Parse(await ReadLine(python));
                Assert.Equal(0, y.RootElement.GetProperty("stream").GetInt32());
                var replies = y.RootElement.GetProperty("replies").EnumerateArray().Select(r => r.EnumerateArray().Select(f => f.GetString()).ToList()).ToList();

                // Reconnecting at once, the client may never be identified by the ROUTER and get no reply at all.
                Assert.True(!wait || replies.Count > 0, "no reply after the session had ended");
                Assert.All(replies, r => Assert.Equal(["ERROR LOGIN <credential> on this connection before SNAPSHOT"], r));
                Assert.True(python.WaitForExit(Loopback.Deadline), "the Python client did not exit");
                Assert.True(python.ExitCode == 0, await errors);
            }
            finally
            {
                if (!python.HasExited)
                {
                    python.Kill(entireProcessTree: true);
                }
            }
        }

        Assert.True(Loopback.WaitUntil(() => gateway.Counters.Sessions == 1), gateway.Counters.ToString());
    }

    // Four random bytes behind a zero byte: the form of an id a ROUTER assigns, chosen here by the client.
    private static byte[] ChosenId() => [0, .. RandomNumberGenerator.GetBytes(4)];

    private static DealerSocket Dealer(GatewayEngine gateway, NetMQCertificate server, byte[]? id) => Dealer(gateway.RequestEndpoint, server, id);

    private static DealerSocket Dealer(string endpoint, NetMQCertificate server, byte[]? id)
    {
        var dealer = new DealerSocket();
        dealer.Options.Linger = TimeSpan.Zero;
        if (id is not null)
        {
            dealer.Options.Identity = id;
        }

        dealer.Options.CurveServerKey = server.PublicKey;
        dealer.Options.CurveCertificate = new NetMQCertificate();
        dealer.Connect(endpoint);
        return dealer;
    }

    private static DealerSocket Session(GatewayEngine gateway, NetMQCertificate server, byte[]? id) => Session(gateway.RequestEndpoint, server, id);

    // A connection logged in with the AAPL credential and subscribed to AAPL.
    private static DealerSocket Session(string endpoint, NetMQCertificate server, byte[]? id)
    {
        var dealer = Dealer(endpoint, server, id);
        Assert.StartsWith("SESSION ", GatewaySecurityTests.RoundTrip(dealer, "LOGIN " + Credential)[0], StringComparison.Ordinal);
        Assert.Equal("END", GatewaySecurityTests.RoundTrip(dealer, "SUBSCRIBE AAPL")[^1]);
        return dealer;
    }

    // Reads stream frames (single-frame messages) until `count` or the deadline; returns how many came.
    private static int ReceiveStream(DealerSocket socket, int count)
    {
        var received = 0;
        var clock = Stopwatch.StartNew();
        while (received < count && clock.Elapsed < Loopback.Deadline)
        {
            var message = new NetMQMessage();
            if (socket.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(100), ref message) && message.FrameCount == 1)
            {
                received++;
            }
        }

        return received;
    }

    // What `listener` receives while `observer` takes `frames` stream frames: stream frames counted, replies as text.
    private static (int Stream, List<List<string>> Replies) Listen(DealerSocket listener, DealerSocket observer, int frames)
    {
        var stream = 0;
        var replies = new List<List<string>>();
        var observed = 0;
        var clock = Stopwatch.StartNew();
        while (observed < frames && clock.Elapsed < Loopback.Deadline)
        {
            var message = new NetMQMessage();
            if (listener.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(10), ref message))
            {
                var last = message.Last.ConvertToString();
                if (last.StartsWith("END", StringComparison.Ordinal) || last.StartsWith("ERROR", StringComparison.Ordinal) || last == "MORE")
                {
                    replies.Add([.. message.Select(f => f.ConvertToString())]);
                }
                else
                {
                    stream++;
                }
            }

            while (observer.TryReceiveFrameBytes(TimeSpan.Zero, out _))
            {
                observed++;
            }
        }

        Assert.True(observed >= frames, $"the observer took {observed} of {frames} stream frames meanwhile");
        return (stream, replies);
    }

    private static async Task<string> ReadLine(Process python)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Loopback.Deadline);
        return await python.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the Python client ended early");
    }

    // A feed of some symbols and an entitled CURVE gateway in front of it (GatewaySecurityTests' credentials).
    private sealed class EntitledGateway : IDisposable
    {
        private readonly TickStream.FeedHandler.FeedEngine _feed;

        private EntitledGateway(TickStream.FeedHandler.FeedEngine feed, NetMQCertificate server, GatewayEngine gateway)
        {
            _feed = feed;
            Server = server;
            Gateway = gateway;
        }

        public NetMQCertificate Server { get; }

        public GatewayEngine Gateway { get; }

        public static EntitledGateway Start(double ticksPerSecond, string[] symbols, Action<GatewayOptions>? configure = null)
        {
            var feed = Loopback.StartFeed(ticksPerSecond, symbols);
            feed.StartSources();
            var server = new NetMQCertificate();
            var options = GatewaySecurityTests.EntitledOptions(feed.Endpoint, server);
            configure?.Invoke(options);
            return new EntitledGateway(feed, server, Loopback.StartGateway(options));
        }

        public void Dispose()
        {
            Gateway.Dispose();
            _feed.Dispose();
        }
    }
}
