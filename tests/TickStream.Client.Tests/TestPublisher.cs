using NetMQ;
using NetMQ.Sockets;
using TickStream.Testing;

namespace TickStream.Client.Tests;

/// <summary>A PUB socket on a free loopback port that sends test frames.</summary>
internal sealed class TestPublisher : IDisposable
{
    /// <summary>The stream probes use, so that they never disturb the sequences a test counts on stream 1.</summary>
    public const ushort ProbeStream = 99;

    private readonly PublisherSocket _socket = new();
    private ulong _probeSeq;

    public TestPublisher()
    {
        _socket.Options.SendHighWatermark = 1_000_000;
        _socket.Options.Linger = TimeSpan.Zero;
        _socket.Bind("tcp://127.0.0.1:*");
        Endpoint = _socket.Options.LastEndpoint!;
    }

    public string Endpoint { get; }

    public void Send(byte[] message) => _socket.SendFrame(message);

    /// <summary>
    /// Publishes probe quotes of <paramref name="symbol"/> on <see cref="ProbeStream"/> until <paramref name="seen"/>
    /// holds: the subscription has reached the publisher. Bounded by a deadline, never a bare sleep.
    /// </summary>
    public void ProbeUntil(Func<bool> seen, string symbol = "PROBE", TopicKind kind = TopicKind.Quote)
    {
        Poll.Require(seen, () =>
        {
            _probeSeq++;
            Send(kind == TopicKind.Quote
                ? TestFrames.Quote(symbol, ProbeStream, _probeSeq, _probeSeq)
                : TestFrames.Trade(symbol, ProbeStream, _probeSeq, _probeSeq));
        });
    }

    /// <summary>
    /// Sends one more probe and waits until <paramref name="seen"/> says it arrived (it is given the probe's
    /// sequence). One connection delivers in order, so then every earlier probe that was going to arrive has
    /// arrived: none is still in flight to disturb what the test counts next.
    /// </summary>
    public void DrainProbes(Func<ulong, bool> seen, string symbol = "PROBE")
    {
        _probeSeq++;
        var fence = _probeSeq;
        Send(TestFrames.Quote(symbol, ProbeStream, fence, fence));
        Poll.Require(() => seen(fence), what: "the last probe");
    }

    public void Dispose() => _socket.Dispose();

    internal enum TopicKind
    {
        Quote,
        Trade,
    }
}
