using System.Diagnostics;
using NetMQ;
using NetMQ.Sockets;
using TickStream.Wire;

namespace TickStream.FeedHandler.Tests;

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
        foreach (var prefix in prefixes)
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

    /// <summary>The SBE frames of the messages whose topic starts with <paramref name="topicPrefix"/>.</summary>
    public List<byte[]> Frames(string topicPrefix)
    {
        var prefix = System.Text.Encoding.ASCII.GetBytes(topicPrefix);
        var frames = new List<byte[]>();
        foreach (var message in Snapshot())
        {
            Assert.True(Topic.TrySplit(message, out var topic, out var frame), "every message has a topic");
            if (topic.StartsWith(prefix))
            {
                frames.Add(frame.ToArray());
            }
        }

        return frames;
    }

    public bool WaitUntil(Func<FrameCollector, bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (condition(this))
            {
                return true;
            }

            Thread.Sleep(10);
        }

        return condition(this);
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
