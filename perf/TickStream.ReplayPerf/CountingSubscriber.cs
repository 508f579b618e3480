using System.Diagnostics;
using NetMQ;
using NetMQ.Sockets;

namespace TickStream.ReplayPerf;

/// <summary>A SUB socket on a thread of its own that counts messages and notes when the last one arrived.</summary>
internal sealed class CountingSubscriber : IDisposable
{
    private readonly SubscriberSocket _socket;
    private readonly Thread _thread;
    private readonly int _expected;
    private readonly ManualResetEventSlim _done = new();
    private long _lastAt;

    public CountingSubscriber(string endpoint, int expected)
    {
        _expected = expected;
        _socket = new SubscriberSocket();
        _socket.Options.ReceiveHighWatermark = expected * 2;
        _socket.Subscribe("");
        _socket.Connect(endpoint);
        _thread = new Thread(Receive) { IsBackground = true, Name = "counting-subscriber" };
        _thread.Start();
    }

    /// <summary>Waits for every message; frames per second from <paramref name="start"/> to the last arrival.</summary>
    public double WaitAll(long start)
    {
        if (!_done.Wait(TimeSpan.FromMinutes(2)))
        {
            throw new TimeoutException("the subscriber did not receive every message");
        }

        return _expected / Stopwatch.GetElapsedTime(start, _lastAt).TotalSeconds;
    }

    private void Receive()
    {
        var msg = default(Msg);
        msg.InitEmpty();
        var received = 0;
        while (received < _expected)
        {
            if (_socket.TryReceive(ref msg, TimeSpan.FromSeconds(30)))
            {
                received++;
            }
            else
            {
                break;
            }
        }

        _lastAt = Stopwatch.GetTimestamp();
        msg.Close();
        _done.Set();
    }

    public void Dispose()
    {
        _thread.Join(TimeSpan.FromSeconds(5));
        _socket.Dispose();
        _done.Dispose();
    }
}
