using NetMQ;
using NetMQ.Sockets;

namespace TickStream.Gateway.Tests;

/// <summary>The request service: REQ and DEALER clients, LIST, and errors for anything it does not understand.</summary>
public sealed class RequestServiceTests
{
    [Fact]
    public void Request_ReqClientSaysHello_GetsReadableError()
    {
        using var feed = Loopback.StartFeed(100, "AAPL");
        using var gateway = Loopback.StartGateway(Loopback.Options(feed.Endpoint));
        using var req = new RequestSocket();
        req.Options.Linger = TimeSpan.Zero;
        req.Connect(gateway.RequestEndpoint);
        req.SendFrame("Hello");
        Assert.True(req.TryReceiveFrameString(Loopback.Deadline, out var reply, out var more));
        Assert.False(more);
        Assert.StartsWith("ERROR a known command, got 'Hello'; expected one of: SNAPSHOT", reply, StringComparison.Ordinal);

        // The REQ socket is still usable: the error was a complete reply.
        req.SendFrame("LIST");
        Assert.True(req.TryReceiveFrameString(Loopback.Deadline, out var end));
        Assert.Equal("END", end);
        Assert.Equal(1, gateway.Counters.BadRequests);
    }

    [Theory]
    [InlineData("SNAPSHOT", "ERROR SNAPSHOT <symbol>... or SNAPSHOT *")]
    [InlineData("SNAPSHOT aapl", "ERROR SNAPSHOT <symbol>...: 'aapl' is not a symbol")]
    [InlineData("REPLAY 1 2 AAPL", "ERROR no REPLAY: this gateway has no journal directory")]
    [InlineData("LOGIN x", "ERROR no LOGIN: this gateway has no entitlements")]
    [InlineData("", "ERROR a command, got an empty request")]
    [InlineData("LIST everything", "ERROR LIST with no arguments")]
    public void Request_Malformed_GetsErrorSayingWhatWasExpected(string request, string expectedStart)
    {
        using var feed = Loopback.StartFeed(100, "AAPL");
        using var gateway = Loopback.StartGateway(Loopback.Options(feed.Endpoint));
        var reply = Loopback.Request(gateway.RequestEndpoint, request);
        Assert.Equal(1, reply.FrameCount);
        Assert.StartsWith(expectedStart, reply[0].ConvertToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Request_BinaryGarbageInTwoFrames_GetsErrorAndGatewayKeepsServing()
    {
        using var feed = Loopback.StartFeed(100, "AAPL");
        using var gateway = Loopback.StartGateway(Loopback.Options(feed.Endpoint));
        using var dealer = new DealerSocket();
        dealer.Options.Linger = TimeSpan.Zero;
        dealer.Connect(gateway.RequestEndpoint);
        dealer.SendMoreFrame([0xFF, 0xFE, 0x00]).SendFrame([0xC3, 0x28]);
        var reply = new NetMQMessage();
        Assert.True(dealer.TryReceiveMultipartMessage(Loopback.Deadline, ref reply));
        Assert.StartsWith("ERROR one request frame, got 2", reply.Last.ConvertToString(), StringComparison.Ordinal);
        dealer.SendFrame([0xC3, 0x28]);
        Assert.True(dealer.TryReceiveMultipartMessage(Loopback.Deadline, ref reply));
        Assert.StartsWith("ERROR a UTF-8 text request", reply.Last.ConvertToString(), StringComparison.Ordinal);
        dealer.SendFrame("LIST");
        Assert.True(dealer.TryReceiveMultipartMessage(Loopback.Deadline, ref reply));
        Assert.Equal("END", reply.Last.ConvertToString());
    }

    [Fact]
    public void List_AfterInstrumentsFlowed_ReturnsTheirDefinitions()
    {
        using var feed = Loopback.StartFeed(1_000, "AAPL", "MSFT");
        using var gateway = Loopback.StartGateway(Loopback.Options(feed.Endpoint));

        // The gateway subscribes to I. itself: wait until that subscription reached the feed, then start it.
        Assert.True(Loopback.WaitUntil(() => feed.Counters.Subscriptions >= 2));
        feed.StartSources();
        Assert.True(Loopback.WaitUntil(() =>
        {
            var reply = Loopback.Request(gateway.RequestEndpoint, "LIST");
            return reply.FrameCount == 3;
        }));
        var list = Loopback.Request(gateway.RequestEndpoint, "LIST");
        Assert.Equal("END", list.Last.ConvertToString());
        Assert.True(list[0].ToByteArray().AsSpan().StartsWith("I."u8));
    }
}
