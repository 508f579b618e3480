using System.Diagnostics;
using NetMQ;
using NetMQ.Sockets;
using TickStream.Wire;

namespace TickStream.Testing;

/// <summary>A plain NetMQ subscriber on a thread of its own that keeps a copy of every message it receives.</summary>
public sealed class FrameCollector : IDisposable
{
    private readonly List<byte[]> _messages = [];
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private readonly SubscriberSocket _socket;

    /// <summary>Connects and subscribes; no prefixes subscribes to everything.</summary>
    /// <param name="endpoint">Where to connect.</param>
    /// <param name="prefixes">Topic prefixes.</param>
    public FrameCollector(string endpoint, params string[] prefixes)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
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

    /// <summary>Messages received so far.</summary>
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

    /// <summary>A copy of the messages received so far, in order.</summary>
    /// <returns>The messages.</returns>
    public List<byte[]> Snapshot()
    {
        lock (_messages)
        {
            return [.. _messages];
        }
    }

    /// <summary>The SBE frames of the messages whose topic starts with <paramref name="topicPrefix"/>.</summary>
    /// <param name="topicPrefix">E.g. <c>Q.AAPL|</c>.</param>
    /// <returns>The frames, in order.</returns>
    /// <exception cref="InvalidDataException">A message has no topic.</exception>
    public List<byte[]> Frames(string topicPrefix)
    {
        var prefix = System.Text.Encoding.ASCII.GetBytes(topicPrefix);
        var frames = new List<byte[]>();
        foreach (var message in Snapshot())
        {
            if (!Topic.TrySplit(message, out var topic, out var frame))
            {
                throw new InvalidDataException("a message without a topic arrived");
            }

            if (topic.StartsWith(prefix))
            {
                frames.Add(frame.ToArray());
            }
        }

        return frames;
    }

    /// <summary>Polls until the condition holds, at most <paramref name="timeout"/>.</summary>
    /// <param name="condition">What to wait for.</param>
    /// <param name="timeout">The deadline.</param>
    /// <returns>Whether the condition held.</returns>
    public bool WaitUntil(Func<FrameCollector, bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Poll.Until(() => condition(this), timeout);
    }

    /// <summary>Polls until <paramref name="count"/> messages arrived, at most <paramref name="timeout"/>.</summary>
    /// <param name="count">How many.</param>
    /// <param name="timeout">The deadline.</param>
    /// <returns>Whether they arrived.</returns>
    public bool WaitUntilCount(int count, TimeSpan timeout) => Poll.Until(() => Count >= count, timeout);

    /// <summary>Waits until no message has arrived for <paramref name="quiet"/>, at most <paramref name="timeout"/>.</summary>
    /// <param name="quiet">How long nothing must arrive.</param>
    /// <param name="timeout">The deadline.</param>
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

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(5));
        _socket.Dispose();
        _stop.Dispose();
    }
}
