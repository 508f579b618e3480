using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using NetMQ;
using NetMQ.Sockets;
using TickStream.Wire;

namespace TickStream.Client;

/// <summary>
/// Subscribes to TickStream publishers over ZeroMQ, tracks sequences and liveness per stream, measures end-to-end
/// latency and hands every accepted frame to a callback (zero allocation) and, on request, to an async stream of
/// records.
/// </summary>
/// <remarks>
/// <para>One receive thread owns the NetMQ socket (sockets are not thread-safe): Subscribe and Unsubscribe calls
/// from any thread are queued and applied by it within one poll interval. The handler and every event run on that
/// thread; keep them short, and never block in them.</para>
/// <para><c>H|</c> and <c>S|</c> are always subscribed, so staleness and restarts are seen whatever else is.</para>
/// </remarks>
/// <example>
/// <code>
/// var options = new TickSubscriberOptions { Endpoints = { "tcp://127.0.0.1:5555" }, Symbols = { "AAPL" } };
/// using var subscriber = new TickSubscriber(options, (in TickView tick) => Console.WriteLine(tick.SymbolSeq));
/// subscriber.GapDetected += (_, gap) => Console.WriteLine(gap);
/// </code>
/// </example>
public sealed class TickSubscriber : IDisposable, ISequenceEvents
{
    private readonly TickSubscriberOptions _options;
    private readonly TickHandler? _handler;
    private readonly NetMQSocket _socket;

    // An entitled session (options.Credential): the request connection that logged in, which the stream arrives on.
    private readonly SnapshotClient? _session;
    private readonly Thread _thread;
    private readonly ConcurrentQueue<SubscriptionCommand> _commands = new();
    private readonly CounterBlock _counters = new();
    private readonly SequenceTracker _tracker;
    private readonly GapRepairer? _repairer;
    private readonly HashSet<string> _subscriptions = [];
    private readonly TimeSpan _pollInterval;
    private readonly long _healthCheckMs;
    private readonly long _tailQuietMs;
    private Channel<TickRecord>? _records;
    private volatile bool _stopping;
    private volatile bool _measureAllocations;
    private long _measuredAllocatedBytes;
    private long _measuredFrames;
    private volatile Exception? _lastHandlerFault;
    private int _disposed;
    private long _lastFrameTick = Environment.TickCount64;

    /// <summary>Connects to every endpoint of <paramref name="options"/> and starts the receive thread.</summary>
    /// <param name="options">Endpoints, limits and the initial subscriptions.</param>
    /// <param name="handler">Called on the receive thread for every accepted frame; may be null.</param>
    /// <exception cref="ArgumentException">An option or an endpoint is invalid (the message says which).</exception>
    public TickSubscriber(TickSubscriberOptions options, TickHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _handler = handler;
        _tracker = new SequenceTracker(_counters, this, options.HeartbeatTimeout);
        _pollInterval = TimeSpan.FromMilliseconds(Math.Clamp(options.HeartbeatTimeout.TotalMilliseconds / 4, 1, 50));
        _healthCheckMs = (long)_pollInterval.TotalMilliseconds;
        _tailQuietMs = options.TailRepairQuiet == Timeout.InfiniteTimeSpan ? -1 : (long)options.TailRepairQuiet.TotalMilliseconds;

        if (options.Credential is { } credential)
        {
            _session = OpenSession(options, credential);
            _socket = _session.Socket;
            foreach (var symbol in options.Symbols)
            {
                _subscriptions.Add(symbol);
            }
        }
        else
        {
            _socket = OpenSubscriber(options);
        }

        if (options.RequestEndpoint is not null && _session is null)
        {
            try
            {
                _repairer = new GapRepairer(this, _counters, this, options);
            }
            catch
            {
                _socket.Dispose();
                throw;
            }

            _tracker.Repairer = _repairer;
        }

        if (_session is null)
        {
            Enqueue(true, Topic.ClassPrefix(TopicClass.Heartbeat));
            Enqueue(true, Topic.ClassPrefix(TopicClass.StreamStart));
            if (options.SubscribeAll)
            {
                SubscribeAll();
            }

            foreach (var symbol in options.Symbols)
            {
                SubscribeSymbol(symbol);
            }
        }

        _thread = new Thread(ReceiveLoop) { IsBackground = true, Name = "TickSubscriber receive" };
        _thread.Start();
    }

    // Logs in with the credential and subscribes the symbols on one request connection; the gateway then routes
    // the symbols' frames, with the H| and S| control frames, to that connection (docs/SECURITY.md section 2).
    private static SnapshotClient OpenSession(TickSubscriberOptions options, string credential)
    {
        var session = new SnapshotClient(options.RequestEndpoint!, options.RequestServerKey, options.MaxMessageSize, options.ReceiveHighWatermark);
        try
        {
            session.Login(credential, options.SessionTimeout);
            if (options.Symbols.Count > 0)
            {
                session.Request("SUBSCRIBE " + string.Join(' ', options.Symbols), options.SessionTimeout);
            }

            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static SubscriberSocket OpenSubscriber(TickSubscriberOptions options)
    {
        var socket = new SubscriberSocket();
        try
        {
            socket.Options.ReceiveHighWatermark = options.ReceiveHighWatermark;
            socket.Options.MaxMsgSize = options.MaxMessageSize;
            socket.Options.Linger = TimeSpan.Zero;
            if (options.CurveServerKey is { } serverKey)
            {
                socket.Options.CurveServerKey = serverKey;
                socket.Options.CurveCertificate = options.CurveCertificate ?? new NetMQ.NetMQCertificate();
            }

            foreach (var endpoint in options.Endpoints)
            {
                Connect(socket, endpoint);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>How long since the last valid frame arrived (heartbeats included); since the start while none has.</summary>
    public TimeSpan LastFrameAge => TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _lastFrameTick));

    /// <summary>A frame was lost: raised on the receive thread with the missing symbol sequences.</summary>
    public event EventHandler<GapDetectedEventArgs>? GapDetected;

    /// <summary>A stream sent nothing (not even a heartbeat) for longer than the heartbeat timeout.</summary>
    public event EventHandler<StreamEventArgs>? StreamStale;

    /// <summary>A stale stream sent something again.</summary>
    public event EventHandler<StreamEventArgs>? StreamRecovered;

    /// <summary>A stream restarted (new session id): its sequences were reset without a gap.</summary>
    public event EventHandler<StreamEventArgs>? StreamRestarted;

    /// <summary>While subscribed to everything: a heartbeat showed frames lost at the stream's tail.</summary>
    public event EventHandler<StreamEventArgs>? TailLossDetected;

    /// <summary>The endpoints connected to.</summary>
    public IReadOnlyList<string> Endpoints => [.. _options.Endpoints];

    /// <summary>A snapshot of the counters.</summary>
    public SubscriberCounters Counters => _counters.Snapshot();

    /// <summary>End-to-end latency histograms.</summary>
    public LatencyRecorder Latency { get; } = new();

    /// <summary>The last exception a handler threw (the receive thread caught it and went on).</summary>
    public Exception? LastHandlerFault => _lastHandlerFault;

    /// <summary>Why the receive thread stopped before <see cref="Dispose"/>, if it did (NetMQ was terminated).</summary>
    public Exception? ReceiveFault { get; private set; }

    /// <summary>The reason of the last malformed message, for diagnostics.</summary>
    public MalformedReason LastMalformedReason { get; private set; }

    /// <summary>While set, the receive thread measures its own allocations per frame (a test hook).</summary>
    internal bool MeasureAllocations
    {
        get => _measureAllocations;
        set => _measureAllocations = value;
    }

    /// <summary>Bytes allocated by the receive thread while processing frames, while measuring.</summary>
    internal long MeasuredAllocatedBytes => Volatile.Read(ref _measuredAllocatedBytes);

    /// <summary>Whether the receive thread is running.</summary>
    internal bool ReceiveThreadAlive => _thread.IsAlive;

    /// <summary>Frames processed while measuring.</summary>
    internal long MeasuredFrames => Volatile.Read(ref _measuredFrames);

    /// <summary>Subscribes to everything about a symbol: its T, Q, B and I topics.</summary>
    /// <param name="symbol">1 to 16 of A-Z 0-9 . / _ -.</param>
    /// <exception cref="ArgumentException">The symbol is not valid on the wire.</exception>
    public void SubscribeSymbol(string symbol)
    {
        foreach (var topicClass in SymbolClasses)
        {
            SubscribeSymbol(symbol, topicClass);
        }
    }

    /// <summary>Subscribes to one class of one symbol (e.g. AAPL quotes only).</summary>
    /// <param name="symbol">A valid symbol.</param>
    /// <param name="topicClass">Trade, Quote, BookUpdate or Instrument.</param>
    public void SubscribeSymbol(string symbol, TopicClass topicClass) =>
        Enqueue(true, Topic.SymbolPrefix(RequireSymbolClass(topicClass), symbol));

    /// <summary>Undoes <see cref="SubscribeSymbol(string)"/>.</summary>
    /// <param name="symbol">A valid symbol.</param>
    public void UnsubscribeSymbol(string symbol)
    {
        foreach (var topicClass in SymbolClasses)
        {
            UnsubscribeSymbol(symbol, topicClass);
        }
    }

    /// <summary>Undoes <see cref="SubscribeSymbol(string, TopicClass)"/>.</summary>
    /// <param name="symbol">A valid symbol.</param>
    /// <param name="topicClass">Trade, Quote, BookUpdate or Instrument.</param>
    public void UnsubscribeSymbol(string symbol, TopicClass topicClass) =>
        Enqueue(false, Topic.SymbolPrefix(RequireSymbolClass(topicClass), symbol));

    /// <summary>Subscribes to a whole class: all trades (<c>T.</c>), all quotes (<c>Q.</c>), ...</summary>
    /// <param name="topicClass">Trade, Quote, BookUpdate or Instrument.</param>
    public void SubscribeClass(TopicClass topicClass) => Enqueue(true, Topic.ClassPrefix(RequireSymbolClass(topicClass)));

    /// <summary>Undoes <see cref="SubscribeClass"/>.</summary>
    /// <param name="topicClass">Trade, Quote, BookUpdate or Instrument.</param>
    public void UnsubscribeClass(TopicClass topicClass) => Enqueue(false, Topic.ClassPrefix(RequireSymbolClass(topicClass)));

    /// <summary>Subscribes to every frame (the empty prefix); also enables tail-loss detection from heartbeats.</summary>
    public void SubscribeAll() => Enqueue(true, []);

    /// <summary>Undoes <see cref="SubscribeAll"/>; symbol and class subscriptions stay.</summary>
    public void UnsubscribeAll() => Enqueue(false, []);

    /// <summary>
    /// Every accepted frame as a record, in order, for one reader. The buffer holds
    /// <see cref="TickSubscriberOptions.RecordBufferCapacity"/> records; when the reader falls behind, records are
    /// dropped (oldest first by default) and counted in <see cref="SubscriberCounters.RecordsDropped"/>: the receive
    /// thread never waits. Records start flowing at the first call; the sequence ends when the subscriber is disposed.
    /// </summary>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>The records.</returns>
    /// <exception cref="InvalidOperationException">Called a second time.</exception>
    public IAsyncEnumerable<TickRecord> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<TickRecord>(
            new BoundedChannelOptions(_options.RecordBufferCapacity)
            {
                FullMode = _options.RecordBufferFullMode,
                SingleReader = true,
                SingleWriter = true,
            },
            _ => _counters.IncrementShared(Counter.RecordsDropped));
        if (Interlocked.CompareExchange(ref _records, channel, null) is not null)
        {
            throw new InvalidOperationException("ReadAllAsync supports one reader; it was already called");
        }

        if (_disposed != 0)
        {
            channel.Writer.TryComplete();
        }

        return channel.Reader.ReadAllAsync(cancellationToken);
    }

    /// <summary>Stops the receive thread (waits up to <see cref="TickSubscriberOptions.StopTimeout"/>) and closes the socket.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping = true;

        // Disposed from its own handler: the loop ends when the handler returns; joining would wait on itself.
        if (Thread.CurrentThread != _thread && !_thread.Join(_options.StopTimeout))
        {
            // The thread is a background thread and disposes the socket itself when it leaves the loop.
            Trace.TraceWarning("TickSubscriber: the receive thread did not stop within {0}", _options.StopTimeout);
        }

        // After the receive thread: it is the only one that submits repairs.
        _repairer?.Dispose();
        Volatile.Read(ref _records)?.Writer.TryComplete();
    }

    void ISequenceEvents.OnGap(ushort streamId, string symbol, TickKind kind, ulong firstMissing, ulong lastMissing)
    {
        var handler = GapDetected;
        if (handler is not null)
        {
            Raise(handler, new GapDetectedEventArgs(streamId, symbol, kind, firstMissing, lastMissing));
        }
    }

    void ISequenceEvents.OnStale(ushort streamId, TimeSpan silence) => RaiseStream(StreamStale, streamId, silence, 0);

    void ISequenceEvents.OnRecovered(ushort streamId, TimeSpan silence) => RaiseStream(StreamRecovered, streamId, silence, 0);

    void ISequenceEvents.OnRestart(ushort streamId, ulong sessionId) => RaiseStream(StreamRestarted, streamId, TimeSpan.Zero, sessionId);

    void ISequenceEvents.OnTailLoss(ushort streamId, ulong lost) => RaiseStream(TailLossDetected, streamId, TimeSpan.Zero, lost);

    private static ReadOnlySpan<TopicClass> SymbolClasses =>
        [TopicClass.Trade, TopicClass.Quote, TopicClass.BookUpdate, TopicClass.Instrument];

    private static TopicClass RequireSymbolClass(TopicClass topicClass) =>
        topicClass is TopicClass.Trade or TopicClass.Quote or TopicClass.BookUpdate or TopicClass.Instrument
            ? topicClass
            : throw new ArgumentOutOfRangeException(nameof(topicClass), topicClass, "Heartbeat and StreamStart are always subscribed");

    private static bool TopicMatches(byte topicClass, TickKind kind) =>
        kind == TickKind.Snapshot || SequenceTracker.ClassByte(kind) == topicClass;

    private static void Connect(SubscriberSocket socket, string endpoint)
    {
        const string Example = ZmqEndpoint.Example;
        if (!ZmqEndpoint.TryValidate(endpoint, bind: false, out var error))
        {
            throw new ArgumentException("cannot connect to " + error);
        }

        try
        {
            socket.Connect(endpoint);
        }
        catch (Exception e) when (e is NetMQException or ArgumentException or FormatException or System.Net.Sockets.SocketException)
        {
            throw new ArgumentException($"cannot connect to '{endpoint}': {e.Message} ({Example})", e);
        }
    }

    private void Enqueue(bool subscribe, byte[] prefix)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        _commands.Enqueue(new SubscriptionCommand(subscribe, prefix));
    }

    private void ReceiveLoop()
    {
        var msg = default(Msg);
        msg.InitEmpty();
        try
        {
            var nextHealthCheck = Environment.TickCount64 + _healthCheckMs;
            while (!_stopping)
            {
                ApplyCommands();
                var received = _socket.TryReceive(ref msg, _pollInterval);
                if (received && _session is not null && (msg.HasMore || IsReply(msg.Slice())))
                {
                    // A reply to a session request (END, ERROR): not a frame of the stream.
                    msg.Close();
                    msg.InitEmpty();
                }
                else if (received)
                {
                    if (_measureAllocations)
                    {
                        var before = GC.GetAllocatedBytesForCurrentThread();
                        Process(msg.Slice());
                        Volatile.Write(ref _measuredAllocatedBytes, _measuredAllocatedBytes + (GC.GetAllocatedBytesForCurrentThread() - before));
                        Volatile.Write(ref _measuredFrames, _measuredFrames + 1);
                    }
                    else
                    {
                        Process(msg.Slice());
                    }

                    msg.Close();
                    msg.InitEmpty();
                }

                var now = Environment.TickCount64;

                // Repair work (after a gap only) waits for the end of a burst, so that the burst's gaps of a stream
                // go in one request, but never longer than a poll interval.
                if (_repairer is { HasWork: true } repairer && (!received || now >= nextHealthCheck || !_socket.HasIn))
                {
                    repairer.Work();
                }

                if (now >= nextHealthCheck)
                {
                    _tracker.CheckHealth(now);
                    if (_repairer is not null && _tailQuietMs >= 0)
                    {
                        _tracker.CheckTails(now, _tailQuietMs);
                    }

                    nextHealthCheck = now + _healthCheckMs;
                }
            }
        }
        catch (Exception e) when (e is TerminatingException or NetMQException or ObjectDisposedException)
        {
            // The application terminated NetMQ (NetMQConfig.Cleanup) under a live subscriber: stop, never crash.
            ReceiveFault = e;
        }
        finally
        {
            try
            {
                // Held frames go out in order, and repairs still outstanding are counted, before the loop ends.
                _repairer?.Close();
            }
            catch (Exception e) when (e is TerminatingException or NetMQException or ObjectDisposedException)
            {
                ReceiveFault ??= e;
            }

            try
            {
                if (msg.IsInitialised)
                {
                    msg.Close();
                }

                if (_session is not null)
                {
                    _session.Dispose();
                }
                else
                {
                    _socket.Dispose();
                }
            }
            catch (Exception e) when (e is TerminatingException or NetMQException or ObjectDisposedException)
            {
                ReceiveFault ??= e;
            }
        }
    }

    private void ApplyCommands()
    {
        while (_commands.TryDequeue(out var command))
        {
            var key = Encoding.Latin1.GetString(command.Prefix);
            if (_session is not null)
            {
                ApplySessionCommand(command.Subscribe, key);
                continue;
            }

            if (command.Subscribe)
            {
                if (_subscriptions.Add(key))
                {
                    ((SubscriberSocket)_socket).Subscribe(command.Prefix);
                    if (command.Prefix.Length == 0)
                    {
                        _tracker.SetEverything(true);
                    }
                }
            }
            else if (_subscriptions.Remove(key))
            {
                ((SubscriberSocket)_socket).Unsubscribe(command.Prefix);
                _tracker.ForgetMatching(command.Prefix);
                if (command.Prefix.Length == 0)
                {
                    _tracker.SetEverything(false);
                }
            }
        }
    }

    // An entitled session subscribes by symbol with a request (SUBSCRIBE AAPL) on its connection; the reply, END or
    // ERROR, arrives among the frames and is skipped there. H| and S| come with every session; a class or everything
    // cannot be asked for by name.
    private void ApplySessionCommand(bool subscribe, string prefix)
    {
        var bar = prefix.IndexOf('|', StringComparison.Ordinal);
        if (prefix.Length < 4 || prefix[1] != '.' || bar < 3)
        {
            return;
        }

        var symbol = prefix[2..bar];
        if (subscribe ? _subscriptions.Add(symbol) : _subscriptions.Remove(symbol))
        {
            _socket.TrySendFrame(_options.SessionTimeout, (subscribe ? "SUBSCRIBE " : "UNSUBSCRIBE ") + symbol);
        }
    }

    // On a session connection, what is not a frame (no topic class then '.' or '|') is a request's reply.
    private static bool IsReply(ReadOnlySpan<byte> message) =>
        message.Length < 2 || (message[1] != (byte)'.' && message[1] != (byte)'|');

    /// <summary>Validates, tracks, measures and dispatches one message: the receive path, allocation-free.</summary>
    internal void Process(ReadOnlySpan<byte> message)
    {
        _counters.Increment(Counter.FramesReceived);
        if (!Topic.TrySplit(message, out var topic, out var frame))
        {
            Malformed(MalformedReason.NoTopic);
            return;
        }

        var kind = FrameReader.Validate(frame, out var reason);
        if (kind == TickKind.None)
        {
            Malformed(reason);
            return;
        }

        if (!TopicMatches(topic[0], kind))
        {
            Malformed(MalformedReason.TopicMismatch);
            return;
        }

        var receiveNs = WireClock.NowNanoseconds();
        var now = Environment.TickCount64;
        Volatile.Write(ref _lastFrameTick, now);
        var streamId = FrameReader.StreamId(frame, kind);
        var symbol = string.Empty;
        switch (kind)
        {
            case TickKind.Trade:
            case TickKind.Quote:
            case TickKind.BookUpdate:
                if (!_tracker.OnTick(frame, kind, streamId, now, out symbol))
                {
                    return;
                }

                // A stream under repair holds its frames (tracked already) until the missing ones are back.
                if (_repairer is { Holding: true } repairer && repairer.TryHold(streamId, message, frame, receiveNs))
                {
                    return;
                }

                CountTick(kind, frame, receiveNs, live: true);
                break;
            case TickKind.Heartbeat:
                _counters.Increment(Counter.Heartbeats);
                _tracker.OnHeartbeat(streamId, FrameReader.UInt64(frame, FrameReader.HeartbeatStreamSeqOffset), now);
                break;
            case TickKind.StreamStart:
                _counters.Increment(Counter.StreamStarts);
                _repairer?.OnStreamStart(streamId, FrameReader.UInt64(frame, FrameReader.StreamStartSessionIdOffset));
                _tracker.OnStreamStart(
                    streamId,
                    FrameReader.UInt64(frame, FrameReader.StreamStartSessionIdOffset),
                    FrameReader.UInt64(frame, FrameReader.ControlTimeOffset),
                    now);
                break;
            case TickKind.InstrumentDefinition:
                _counters.Increment(Counter.InstrumentDefinitions);
                _tracker.OnOther(streamId, now);
                symbol = _tracker.SymbolOf(frame, FrameReader.DefinitionSymbolOffset);
                break;
            default:
                _counters.Increment(Counter.Snapshots);
                _tracker.OnOther(streamId, now);
                symbol = _tracker.SymbolOf(frame, FrameReader.SymbolOffset);
                break;
        }

        Dispatch(topic, frame, kind, receiveNs, symbol);
    }

    /// <summary>The symbol string of a tick frame (made once per symbol).</summary>
    internal string SymbolOf(ReadOnlySpan<byte> frame) => _tracker.SymbolOf(frame, FrameReader.SymbolOffset);

    /// <summary>
    /// Delivers a tick the repairer kept: a held live frame (its latency recorded with its arrival time) or a
    /// retransmitted one (no latency: it did not come live). Already validated and tracked.
    /// </summary>
    internal void DeliverStored(byte[] message, long receiveNs, bool live)
    {
        Topic.TrySplit(message, out var topic, out var frame);
        var kind = FrameReader.Validate(frame, out _);
        if (!live)
        {
            receiveNs = WireClock.NowNanoseconds();
            _tracker.Advance(frame, kind, FrameReader.StreamId(frame, kind));
        }

        CountTick(kind, frame, receiveNs, live);
        Dispatch(topic, frame, kind, receiveNs, SymbolOf(frame));
    }

    private void CountTick(TickKind kind, ReadOnlySpan<byte> frame, long receiveNs, bool live)
    {
        _counters.Increment(kind switch
        {
            TickKind.Trade => Counter.Trades,
            TickKind.Quote => Counter.Quotes,
            _ => Counter.BookUpdates,
        });
        if (live && !Latency.Record(kind, receiveNs - (long)FrameReader.UInt64(frame, FrameReader.IngestTimeOffset)))
        {
            _counters.Increment(Counter.LatencyOutOfRange);
        }
    }

    private void Dispatch(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> frame, TickKind kind, long receiveNs, string symbol)
    {
        var view = new TickView(topic, frame, kind, receiveNs);
        if (_handler is not null)
        {
            try
            {
                _handler(in view);
            }
#pragma warning disable CA1031 // A subscriber's bug must not stop the receive thread; the fault is counted and kept.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _counters.Increment(Counter.HandlerFaults);
                _lastHandlerFault = e;
            }
        }

        var records = _records;
        if (records is not null)
        {
            records.Writer.TryWrite(ToRecord(in view, symbol));
        }
    }

    private static TickRecord ToRecord(in TickView view, string symbol)
    {
        var kind = view.Kind;
        return new TickRecord
        {
            Kind = kind,
            StreamId = view.StreamId,
            Symbol = symbol,
            StreamSeq = view.StreamSeq,
            SymbolSeq = view.SymbolSeq,
            ExchangeTimeNs = view.HasTickPrefix ? view.ExchangeTimeNs : view.ControlTimeNs,
            IngestTimeNs = view.IngestTimeNs,
            ReceiveTimeNs = view.ReceiveTimeNs,
            Price = kind switch
            {
                TickKind.Trade => view.TradePrice,
                TickKind.Quote => view.BidPrice,
                _ => Price9.Null,
            },
            Size = kind switch
            {
                TickKind.Trade => view.TradeSize,
                TickKind.Quote => view.BidSize,
                _ => 0,
            },
            AskPrice = kind == TickKind.Quote ? view.AskPrice : Price9.Null,
            AskSize = kind == TickKind.Quote ? view.AskSize : 0,
            SessionId = kind == TickKind.StreamStart ? view.SessionId : 0,
            Flags = view.Flags,
        };
    }

    private void Malformed(MalformedReason reason)
    {
        _counters.Increment(Counter.Malformed);
        LastMalformedReason = reason;
    }

    private void RaiseStream(EventHandler<StreamEventArgs>? handler, ushort streamId, TimeSpan silence, ulong value)
    {
        if (handler is not null)
        {
            Raise(handler, new StreamEventArgs(streamId, silence, value));
        }
    }

    private void Raise<T>(EventHandler<T> handler, T args)
    {
        try
        {
            handler(this, args);
        }
#pragma warning disable CA1031 // An event handler's bug must not stop the receive thread; the fault is counted and kept.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _counters.Increment(Counter.HandlerFaults);
            _lastHandlerFault = e;
        }
    }

    private readonly record struct SubscriptionCommand(bool Subscribe, byte[] Prefix);
}
