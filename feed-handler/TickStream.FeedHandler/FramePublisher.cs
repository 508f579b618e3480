using System.Diagnostics;
using NetMQ;
using NetMQ.Sockets;

namespace TickStream.FeedHandler;

/// <summary>
/// Owns the feed handler's publishing socket: sends each ring frame as one ZeroMQ message, and every stream's
/// heartbeat once per interval. Every member but <see cref="AddStream"/> runs on whichever thread holds the ring
/// publisher's token (its processor thread, or a source that publishes while that thread is parked; see
/// <c>CallerRunsEventProcessor</c>): one thread at a time, each hand-over a full fence, as a ZeroMQ socket needs.
/// </summary>
/// <remarks>
/// <para>
/// The socket is an XPUB rather than a PUB: it sends the same way, and it also hands up the subscriptions, which
/// tell when a subscriber is really listening (ZeroMQ subscribers join late) and how many there are. They are read
/// when the feed is idle or at the end of a batch, at most every <see cref="SubscriptionCheckInterval"/>.
/// </para>
/// <para>
/// Every subscription that covers <c>S|</c> (a subscriber or gateway that connects or reconnects) makes the
/// publisher send each stream's StreamStart again. A subscriber that reconnects after a restarted feed's first
/// StreamStart went by would otherwise keep the old session's sequences and drop the new run's frames as
/// duplicates; with it, the new session id arrives within the check interval and the tracker starts over.
/// </para>
/// <para>
/// Likewise every subscription that covers InstrumentDefinitions (<c>""</c>, <c>I.</c>, <c>I.AAPL|</c>) makes the
/// publisher send again the last definition of each (stream, symbol) it covers: a gateway started or restarted
/// after the feed, or a subscriber that joins late, learns every instrument (a gateway's LIST) without waiting for
/// definitions that were sent once, before it listened. Definitions take no sequence, so a repeat is harmless.
/// </para>
/// </remarks>
public sealed class FramePublisher : IDisposable
{
    /// <summary>How often subscriptions are read while frames flow.</summary>
    public static readonly TimeSpan SubscriptionCheckInterval = TimeSpan.FromMilliseconds(10);

    // Subscription messages are one byte and a topic prefix (at most 19 bytes): anything longer is not one.
    private const int MaxSubscriptionMessage = 256;
    private const int MaxStreams = ushort.MaxValue + 1;
    private readonly XPublisherSocket _socket;
    private readonly FeedCounters _counters;
    private readonly long _heartbeatTicks;
    private readonly long _checkTicks;
    private readonly ulong[] _lastStreamSeq = new ulong[MaxStreams];
    private readonly long[] _lastHeartbeatAt = new long[MaxStreams];
    private readonly long _subscriptionCheckTicks;
    private readonly JournalHeartbeats? _journalHeartbeats;
    private ushort[] _streams = [];
    private readonly byte[]?[] _streamStarts = new byte[MaxStreams][];

    // The last InstrumentDefinition message of each (stream, topic), in first-seen order; a new one is rare (once
    // per symbol and stream), so the allocations it costs are not per tick.
    private readonly Dictionary<(ushort Stream, string Topic), int> _definitionIndex = [];
    private readonly List<byte[]> _definitions = [];
    private FrameSlot _scratch;
    private long _nextIdleCheck;
    private long _nextSubscriptionCheck;

    /// <summary>Binds (or connects) the PUB socket.</summary>
    /// <param name="endpoint">A NetMQ endpoint: <c>tcp://*:5555</c> binds; a leading <c>&gt;</c> connects.</param>
    /// <param name="sendHighWatermark">Messages queued per subscriber before ZeroMQ drops for it.</param>
    /// <param name="heartbeatInterval">Idle time after which a stream sends a heartbeat.</param>
    /// <param name="counters">Where sends are counted.</param>
    /// <param name="linger">How long queued frames may still go out after <see cref="Dispose"/> (1 s when null); ZeroMQ
    /// honours it only if NetMQ is cleaned up, blocking, before the process exits (<c>NetMQConfig.Cleanup</c>).</param>
    /// <param name="journalHeartbeats">Where each heartbeat sent is copied for the journal; none when null.</param>
    public FramePublisher(string endpoint, int sendHighWatermark, TimeSpan heartbeatInterval, FeedCounters counters,
        TimeSpan? linger = null, JournalHeartbeats? journalHeartbeats = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        _counters = counters ?? throw new ArgumentNullException(nameof(counters));
        _heartbeatTicks = (long)(heartbeatInterval.TotalSeconds * Stopwatch.Frequency);
        _checkTicks = Math.Max(1, _heartbeatTicks / 4);
        _subscriptionCheckTicks = (long)(SubscriptionCheckInterval.TotalSeconds * Stopwatch.Frequency);
        _socket = new XPublisherSocket();
        _socket.Options.SendHighWatermark = sendHighWatermark;
        _socket.Options.MaxMsgSize = MaxSubscriptionMessage;
        _socket.Options.XPubVerbose = true;
        _socket.Options.Linger = linger ?? TimeSpan.FromSeconds(1);
        _journalHeartbeats = journalHeartbeats;
        try
        {
            if (endpoint.StartsWith('>'))
            {
                _socket.Connect(endpoint[1..]);
                Endpoint = endpoint[1..];
            }
            else
            {
                _socket.Bind(endpoint.TrimStart('@'));
                Endpoint = _socket.Options.LastEndpoint ?? endpoint;
            }
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    /// <summary>The endpoint bound, with the port the system chose when it was <c>*</c>.</summary>
    public string Endpoint { get; }

    /// <summary>Registers a stream so that it gets its heartbeats.</summary>
    /// <param name="streamId">The stream's id.</param>
    /// <remarks>Called while the publisher runs: the list is replaced, never changed in place, so a heartbeat
    /// pass on another thread reads either the old list or the new one.</remarks>
    public void AddStream(ushort streamId)
    {
        _lastHeartbeatAt[streamId] = Stopwatch.GetTimestamp();
        Volatile.Write(ref _streams, [.. Volatile.Read(ref _streams), streamId]);
    }

    /// <summary>Sends one ring frame.</summary>
    /// <param name="slot">The slot, read in place.</param>
    public void Send(ref FrameSlot slot)
    {
        SendMessage(slot.Message);
        if (slot.StreamSeq != 0)
        {
            _lastStreamSeq[slot.StreamId] = slot.StreamSeq;
        }
        else if (slot.Bytes[0] == (byte)Wire.TopicClass.StreamStart)
        {
            // Once per stream per run: kept to announce the session again to subscribers that join later.
            _streamStarts[slot.StreamId] = slot.Message.ToArray();
        }

        if (slot.Bytes[0] == (byte)Wire.TopicClass.Instrument)
        {
            RememberDefinition(slot.StreamId, slot.Message);
        }
    }

    private void RememberDefinition(ushort streamId, ReadOnlySpan<byte> message)
    {
        var bar = message.IndexOf((byte)'|');
        if (bar <= 0)
        {
            return;
        }

        var key = (streamId, System.Text.Encoding.ASCII.GetString(message[..(bar + 1)]));
        if (_definitionIndex.TryGetValue(key, out var index))
        {
            _definitions[index] = message.ToArray();
        }
        else
        {
            _definitionIndex[key] = _definitions.Count;
            _definitions.Add(message.ToArray());
        }
    }

    /// <summary>
    /// Sends each stream's heartbeat once per interval, busy or idle: on an idle stream it tells subscribers the feed
    /// is alive, on a busy one it carries the last sequence (tail loss) and keeps every heartbeat-only listener (a
    /// gateway's health, a subscriber taking only <c>H|</c>) informed. Cheap when called often.
    /// </summary>
    /// <param name="afterSequence">The ring sequence of the last frame sent: a heartbeat sent now is journaled after it.</param>
    public void SendDueHeartbeats(long afterSequence)
    {
        var now = Stopwatch.GetTimestamp();
        if (now >= _nextSubscriptionCheck)
        {
            _nextSubscriptionCheck = now + _subscriptionCheckTicks;
            ReadSubscriptions();
        }

        if (now < _nextIdleCheck)
        {
            return;
        }

        _nextIdleCheck = now + _checkTicks;
        foreach (var streamId in Volatile.Read(ref _streams))
        {
            if (now - _lastHeartbeatAt[streamId] >= _heartbeatTicks)
            {
                FrameEncoder.WriteHeartbeat(ref _scratch, streamId, _lastStreamSeq[streamId], Wire.WireClock.NowNanoseconds());
                SendMessage(_scratch.Message);
                _journalHeartbeats?.TryEnqueue(_scratch.Message, afterSequence);
                _lastHeartbeatAt[streamId] = now;
                _counters.AddHeartbeat();
            }
        }
    }

    // Subscription messages are rare (a byte 1 or 0, then the prefix): allocating for them is fine.
    private void ReadSubscriptions()
    {
        var announce = false;
        List<byte[]>? definitionPrefixes = null;
        while (_socket.TryReceiveFrameBytes(TimeSpan.Zero, out var message))
        {
            if (message.Length > 0 && message[0] == 1)
            {
                _counters.AddSubscription(+1);
                _counters.AddDataSubscription(Wire.SubscriptionPrefix.CoversData(message.AsSpan(1)) ? 1 : 0);
                announce |= CoversStreamStart(message.AsSpan(1));
                if (CoversDefinitions(message.AsSpan(1)))
                {
                    (definitionPrefixes ??= []).Add(message[1..]);
                }
            }
            else if (message.Length > 0 && message[0] == 0)
            {
                _counters.AddSubscription(-1);
                _counters.AddDataSubscription(Wire.SubscriptionPrefix.CoversData(message.AsSpan(1)) ? -1 : 0);
            }
        }

        if (announce)
        {
            foreach (var streamId in Volatile.Read(ref _streams))
            {
                if (_streamStarts[streamId] is { } streamStart)
                {
                    SendMessage(streamStart);
                    _counters.AddStreamStartAnnounced();
                }
            }
        }

        if (definitionPrefixes is not null)
        {
            AnnounceDefinitions(definitionPrefixes);
        }
    }

    // Each kept definition a new subscription covers, once, however many of the new subscriptions cover it.
    private void AnnounceDefinitions(List<byte[]> prefixes)
    {
        foreach (var definition in _definitions)
        {
            foreach (var prefix in prefixes)
            {
                if (definition.AsSpan().StartsWith(prefix))
                {
                    SendMessage(definition);
                    break;
                }
            }
        }
    }

    // A subscription covers InstrumentDefinitions when its prefix is a prefix of "I." or starts with it.
    private static bool CoversDefinitions(ReadOnlySpan<byte> prefix) =>
        prefix.Length <= 2 ? "I."u8.StartsWith(prefix) : prefix.StartsWith("I."u8);

    // The subscription delivers StreamStart frames when its prefix is a prefix of "S|" ("", "S" or "S|").
    private static bool CoversStreamStart(ReadOnlySpan<byte> prefix) =>
        prefix.Length <= 2 && "S|"u8.StartsWith(prefix);

    private void SendMessage(ReadOnlySpan<byte> message)
    {
        var msg = default(Msg);
        msg.InitPool(message.Length);
        message.CopyTo(msg.Slice());

        // A PUB socket never blocks: past the high-water mark ZeroMQ drops for that subscriber alone.
        if (_socket.TrySend(ref msg, TimeSpan.Zero, more: false))
        {
            _counters.AddPublished();
        }
        else
        {
            _counters.AddSendFailure();
        }

        msg.Close();
    }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();
}
