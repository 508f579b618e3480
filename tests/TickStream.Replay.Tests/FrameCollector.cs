using System.Diagnostics;
using NetMQ;
using NetMQ.Sockets;

namespace TickStream.Replay.Tests;

/// <summary>A plain NetMQ subscriber on a thread of its own that keeps a copy of every message it receives.</summary>
internal sealed class FrameCollector : IDisposable
{
    private readonly List<byte[]> _messages = [];
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private readonly SubscriberSocket _socket;

    public FrameCollector(string endpoint, params string[] prefixes)
    {
        _socket = new SubscriberSocket();
        _socket.Options.ReceiveHighWatermark = 1_000_000;
        foreach (var prefix in prefixes.Length == 0 ? [""] : prefixes)
        {
            _socket.Subscribe(prefix);
        }

        _socket.Connect(endpoint);
        _thread = new Thread(Receive) { IsBackground = true, Name = "collector" };
        _thread.Start();
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

    public List<byte[]> Snapshot()
    {
        lock (_messages)
        {
            return [.. _messages];
        }
    }

    public bool WaitUntilCount(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Count < count && clock.Elapsed < timeout)
        {
            Thread.Sleep(10);
        }

        return Count >= count;
    }

    /// <summary>Waits until no message has arrived for <paramref name="quiet"/>, at most <paramref name="timeout"/>.</summary>
    public void WaitUntilQuiet(TimeSpan quiet, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = Count;
        var lastChange = clock.Elapsed;
        while (clock.Elapsed < timeout && clock.Elapsed - lastChange < quiet)
        {
            Thread.Sleep(20);
            if (Count != last)
            {
                last = Count;
                lastChange = clock.Elapsed;
            }
        }
    }

    private void Receive()
    {
        while (!_stop.IsCancellationRequested)
        {
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
}
