using System.Diagnostics;
using NetMQ;
using NetMQ.Sockets;
using TickStream.Wire;

namespace TickStream.Testing;

/// <summary>A plain NetMQ subscriber on a thread of its own that keeps a copy of every message it receives.</summary>
public sealed class FrameCollector : IDisposable
{
    // Sized up front: growing a list this long would allocate on the large object heap and pause every thread.
    private readonly List<byte[]> _messages = new(400_000);
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private readonly SubscriberSocket _socket;
    private volatile bool _paused;

    /// <summary>Connects and subscribes; no prefixes subscribes to everything.</summary>
    /// <param name="endpoint">Where to connect.</param>
    /// <param name="prefixes">Topic prefixes.</param>
    public FrameCollector(string endpoint, params string[] prefixes)
        : this(endpoint, (IEnumerable<string>)prefixes)
    {
    }

    /// <summary>Connects and subscribes, optionally over CurveZMQ, with a given receive high-water mark.</summary>
    /// <param name="endpoint">Where to connect.</param>
    /// <param name="prefixes">Topic prefixes; none subscribes to everything.</param>
    /// <param name="server">The server's certificate (its public key is used) to talk CurveZMQ; plain when null.</param>
    /// <param name="receiveHighWatermark">Messages queued before ZeroMQ drops; a small one also shrinks the kernel buffer, to play a slow client.</param>
    /// <param name="connectFirst">Connect before subscribing (the subscriptions then travel on a live connection).</param>
    public FrameCollector(string endpoint, IEnumerable<string> prefixes, NetMQCertificate? server = null, int receiveHighWatermark = 1_000_000, bool connectFirst = false)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        _socket = new SubscriberSocket();
        _socket.Options.ReceiveHighWatermark = receiveHighWatermark;
        if (receiveHighWatermark < 1_000)
        {
            // A small kernel buffer too, so a stalled client's backlog fills the sender's queue soon.
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

        var list = prefixes.ToList();
        foreach (var prefix in list.Count == 0 ? [""] : list)
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

    /// <summary>While true the collector stops reading, like a stalled client; ZeroMQ queues, then drops.</summary>
    public bool Paused
    {
        get => _paused;
        set => _paused = value;
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

    /// <summary>The last message received so far, null before the first; cheaper to poll than <see cref="Snapshot"/>.</summary>
    public byte[]? Last
    {
        get
        {
            lock (_messages)
            {
                return _messages.Count == 0 ? null : _messages[^1];
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

    /// <summary>The Trade, Quote and BookUpdate messages received so far (those that carry a streamSeq), in order.</summary>
    /// <returns>The messages.</returns>
    public List<byte[]> Sequenced() => Snapshot().FindAll(m => m.Length > 0 && m[0] is (byte)'T' or (byte)'Q' or (byte)'B');

    /// <summary>The whole messages (topic and frame) whose topic starts with <paramref name="topicPrefix"/>.</summary>
    /// <param name="topicPrefix">E.g. <c>Q.</c>.</param>
    /// <returns>The messages, in order.</returns>
    public List<byte[]> WithTopic(string topicPrefix)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(topicPrefix);
        return Snapshot().FindAll(m => m.AsSpan().StartsWith(bytes));
    }

    /// <summary>How many messages have a topic starting with <paramref name="topicPrefix"/>.</summary>
    /// <param name="topicPrefix">E.g. <c>Q.</c>.</param>
    /// <returns>The count.</returns>
    public int CountTopic(string topicPrefix) => WithTopic(topicPrefix).Count;

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

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(5));
        _socket.Dispose();
        _stop.Dispose();
    }
}
