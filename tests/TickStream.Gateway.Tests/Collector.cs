using NetMQ;
using NetMQ.Sockets;
using TickStream.Wire;

namespace TickStream.Gateway.Tests;

/// <summary>A SUB socket on its own thread keeping every message; can be paused to play a slow client.</summary>
internal sealed class Collector : IDisposable
{
    // Sized up front: growing a list this long would allocate on the large object heap and pause every thread.
    private readonly List<byte[]> _messages = new(400_000);
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private readonly SubscriberSocket _socket;
    private volatile bool _paused;

    public Collector(string endpoint, IEnumerable<string> prefixes, NetMQCertificate? server = null, int receiveHighWatermark = 1_000_000, bool connectFirst = false)
    {
        _socket = new SubscriberSocket();
        _socket.Options.ReceiveHighWatermark = receiveHighWatermark;
        if (receiveHighWatermark < 1_000)
        {
            // A small kernel buffer too, so a stalled client's backlog fills the gateway's queue soon.
            _socket.Options.ReceiveBuffer = 64 * 1024;
        }
        _socket.Options.Linger = TimeSpan.Zero;
        if (server is not null)
        {
            _socket.Options.CurveServerKey = server.PublicKey;
            _socket.Options.CurveCertificate = new NetMQCertificate();
        }

        if (connectFirst)
        {
            _socket.Connect(endpoint);
        }

        foreach (var prefix in prefixes)
        {
            _socket.Subscribe(prefix);
        }

        if (!connectFirst)
        {
            _socket.Connect(endpoint);
        }

        _thread = new Thread(Receive) { IsBackground = true, Name = "collector" };
        _thread.Start();
    }

    public bool Paused
    {
        get => _paused;
        set => _paused = value;
    }

    public int Count
    {
        get
        {
            lock (_messages)
            {
                return _messages.Count;
            }
        }
    }

    public List<byte[]> Messages()
    {
        lock (_messages)
        {
            return [.. _messages];
        }
    }

    public List<byte[]> WithTopic(string prefix)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(prefix);
        return Messages().FindAll(m => m.AsSpan().StartsWith(bytes));
    }

    public int CountTopic(string prefix) => WithTopic(prefix).Count;

    private void Receive()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (_paused)
            {
                Thread.Sleep(5);
                continue;
            }

            if (_socket.TryReceiveFrameBytes(TimeSpan.FromMilliseconds(50), out var message))
            {
                lock (_messages)
                {
                    _messages.Add(message);
                }
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(5));
        _socket.Dispose();
        _stop.Dispose();
    }

    public static ulong SymbolSeq(byte[] message)
    {
        Assert.True(Topic.TrySplit(message, out _, out var frame));
        return BitConverter.ToUInt64(frame[16..24]);
    }
}
