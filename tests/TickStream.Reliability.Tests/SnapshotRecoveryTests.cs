using System.Text;
using NetMQ;
using NetMQ.Sockets;
using TickStream.Client;
using TickStream.Wire;

namespace TickStream.Reliability.Tests;

/// <summary>
/// The client's recovery pieces against a gateway that fails: a request service that answers too late or with
/// oversized frames (a ROUTER socket of the test's own), and the Clone bookkeeping across a stream restart.
/// </summary>
public sealed class SnapshotRecoveryTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public void SnapshotClient_LateReplyAfterTimeout_IsNeverTakenForTheNextRequestsReply()
    {
        using var router = new RouterSocket();
        router.Options.Linger = TimeSpan.Zero;
        var port = router.BindRandomPort("tcp://127.0.0.1");
        using var client = new SnapshotClient($"tcp://127.0.0.1:{port}");

        // The service takes the first request and does not answer in time.
        var first = OnThread(() => Assert.Throws<GatewayRequestException>(() => client.Request("SNAPSHOT AAPL", TimeSpan.FromMilliseconds(300))));
        var stale = ReceiveRequest(router);
        Assert.Equal("SNAPSHOT AAPL", stale.Command);
        Assert.Contains("no reply", first().Message, StringComparison.Ordinal);
        Assert.Equal(1, client.SocketsReplaced);

        // Its late answer goes to the connection the client closed; the next request gets its own answer.
        Reply(router, stale.Identity, "late reply to AAPL");
        var second = OnThread(() => client.Request("SNAPSHOT MSFT", Deadline));
        var fresh = ReceiveRequest(router);
        Assert.Equal("SNAPSHOT MSFT", fresh.Command);
        Reply(router, fresh.Identity, "reply to MSFT");
        Assert.Equal("reply to MSFT", Encoding.ASCII.GetString(Assert.Single(second())));
        TestContext.Current.SendDiagnosticMessage($"late reply: 1 timeout, {client.SocketsReplaced} socket replaced, the next reply was its own");
    }

    [Fact]
    public void SnapshotClient_ReplyFrameAboveMaxMessageSize_IsRefusedAndTheClientRecovers()
    {
        using var router = new RouterSocket();
        router.Options.Linger = TimeSpan.Zero;
        var port = router.BindRandomPort("tcp://127.0.0.1");
        using var client = new SnapshotClient($"tcp://127.0.0.1:{port}", null, maxMessageSize: 1_024);
        Assert.Equal(1_024, client.MaxMessageSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SnapshotClient("tcp://127.0.0.1:1", null, maxMessageSize: 10));

        // A frame of 64 KiB against a limit of 1 KiB: ZeroMQ drops the connection instead of taking it in.
        var oversized = OnThread(() => Assert.Throws<GatewayRequestException>(() => client.Request("LIST", TimeSpan.FromMilliseconds(500))));
        var request = ReceiveRequest(router);
        var message = new NetMQMessage();
        message.Append(request.Identity);
        message.Append(new byte[64 * 1024]);
        message.Append("END");
        router.SendMultipartMessage(message);
        oversized();

        var normal = OnThread(() => client.Request("LIST", Deadline));
        var next = ReceiveRequest(router);
        Reply(router, next.Identity, new string('I', 1_000));
        Assert.Equal(1_000, Assert.Single(normal()).Length);
    }

    [Fact]
    public void SnapshotSync_StreamRestartAndUncoveredSymbol_ClearForgetsOnlyThatStreamAndTrackSeesGaps()
    {
        var sync = new SnapshotSync();

        // A symbol no snapshot covered is followed once tracked: a jump is then a gap.
        Assert.Equal(SyncDecision.NotTracked, sync.Check(Quote(1, "AAPL", 10)));
        Assert.True(sync.Track(Topic(TopicClass.Quote, "AAPL"), Frame(1, "AAPL", 10)));
        Assert.False(sync.Track(Topic(TopicClass.Quote, "AAPL"), Frame(1, "AAPL", 10)));
        Assert.Equal(SyncDecision.Apply, sync.Check(Quote(1, "AAPL", 11)));
        Assert.Equal(SyncDecision.Gap, sync.Check(Quote(1, "AAPL", 15)));
        Assert.Equal(SyncDecision.Duplicate, sync.Check(Quote(1, "AAPL", 12)));

        // Stream 1 restarts: its sequences start again at 1 and are applied, not dropped; stream 2 is untouched.
        Assert.True(sync.Track(Topic(TopicClass.Quote, "MSFT"), Frame(2, "MSFT", 500)));
        Assert.Equal(1, sync.Clear(1));
        Assert.Equal(SyncDecision.NotTracked, sync.Check(Quote(1, "AAPL", 1)));
        Assert.Equal(SyncDecision.Duplicate, sync.Check(Quote(2, "MSFT", 500)));
        Assert.Equal(SyncDecision.Apply, sync.Check(Quote(2, "MSFT", 501)));
    }

    /// <summary>Runs a blocking request on a thread of its own; the function returned waits for it (bounded) and rethrows its failure.</summary>
    private static Func<T> OnThread<T>(Func<T> work)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
#pragma warning disable CA1031 // Rethrown on the test's thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }
        }) { IsBackground = true };
        thread.Start();
        return () =>
        {
            Assert.True(thread.Join(Deadline), "the request did not end");
            return failure is null ? result! : throw new InvalidOperationException("the request failed", failure);
        };
    }

    private static (byte[] Identity, string Command) ReceiveRequest(RouterSocket router)
    {
        var message = new NetMQMessage();
        Assert.True(router.TryReceiveMultipartMessage(Deadline, ref message), "no request arrived");
        return (message[0].ToByteArray(), message[message.FrameCount - 1].ConvertToString(Encoding.ASCII));
    }

    private static void Reply(RouterSocket router, byte[] identity, string data)
    {
        var message = new NetMQMessage();
        message.Append(identity);
        message.Append(data);
        message.Append("END");
        router.SendMultipartMessage(message);
    }

    private static byte[] Topic(TopicClass topicClass, string symbol)
    {
        var topic = new byte[Wire.Topic.MaxLength];
        return topic[..Wire.Topic.Write(topic, topicClass, Encoding.ASCII.GetBytes(symbol))];
    }

    private static byte[] Frame(ushort streamId, string symbol, ulong symbolSeq)
    {
        var buffer = new byte[256];
        var e = QuoteEncoder.WrapAndApplyHeader(buffer);
        e.SetStreamSeq(symbolSeq);
        e.SetSymbolSeq(symbolSeq);
        e.SetStreamId(streamId);
        e.SetSymbol(symbol);
        e.SetVenue("XNAS");
        e.BidPrice.SetMantissa(100);
        e.SetBidSize(1);
        e.AskPrice.SetMantissa(101);
        e.SetAskSize(1);
        return buffer[..e.EncodedLength];
    }

    private static byte[] Quote(ushort streamId, string symbol, ulong symbolSeq) =>
        [.. Topic(TopicClass.Quote, symbol), .. Frame(streamId, symbol, symbolSeq)];
}
