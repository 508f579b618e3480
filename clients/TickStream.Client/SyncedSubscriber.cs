using System.Collections.Concurrent;
using System.Text;
using TickStream.Wire;

namespace TickStream.Client;

/// <summary>
/// A <see cref="TickSubscriber"/> in front of a gateway, kept consistent by the Clone pattern: on subscribe it
/// takes a snapshot from the gateway's request service, then passes on only updates newer than the state held;
/// on a sequence gap it takes a new snapshot, or, with <see cref="TickSubscriberOptions.RequestEndpoint"/> set, first
/// asks for the missing frames (RETRANSMIT, docs/RECOVERY.md) and takes a snapshot only for what is lost.
/// </summary>
/// <remarks>
/// Snapshots are requested on a thread of their own and applied on the receive thread, before the next tick, so
/// the handler sees the snapshot and the ticks in one order and needs no lock. Use a plain gateway (the
/// subscriber has no CURVE options); the request service may use CURVE (<c>serverPublicKey</c>).
/// <para>
/// Gaps: with <see cref="TickSubscriberOptions.RequestEndpoint"/> set (usually to the same request endpoint, with
/// <see cref="TickSubscriberOptions.RequestServerKey"/> for CURVE) the subscriber repairs them by retransmission, so
/// the handler sees every update in order; a run the server no longer holds reaches the handler as a jump, and the
/// jump triggers a snapshot. Without it, every gap triggers a snapshot, as before retransmission existed.
/// </para>
/// <para>
/// Recovery: a stream that went stale (the gateway died, the link was cut) and then recovers, or that restarts
/// with a new session, has every subscribed symbol resynchronised, since updates lost at the end of the silence
/// show as a gap only when the next update of the same symbol comes. Symbols waiting for a snapshot are asked
/// for together in one request. A request that fails (no reply in time: the gateway is down) is retried with a
/// growing pause (<see cref="RetryDelay"/> doubling up to <see cref="MaxRetryDelay"/>) until it succeeds or the
/// subscriber is disposed; the request socket is replaced after each timeout (<see cref="SnapshotClient"/>).
/// </para>
/// </remarks>
/// <example>
/// <code>
/// using var synced = new SyncedSubscriber(options, "tcp://gw:5556",
///     (in TickView tick) => Apply(tick), snapshot => Reset(snapshot));
/// synced.Subscribe("AAPL");
/// </code>
/// </example>
public sealed class SyncedSubscriber : IDisposable
{
    /// <summary>The pause before the first retry of a failed snapshot request; it doubles with each failure.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest pause between retries of a failed snapshot request.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    // A request is at most 4096 bytes (docs/GATEWAY.md): 200 symbols of up to 16 characters and a space fit.
    private const int MaxSymbolsPerRequest = 200;

    private readonly TickHandler _handler;
    private readonly Action<byte[]>? _onSnapshot;
    private readonly SnapshotSync _sync = new();
    private readonly SnapshotClient _requests;
    private readonly ConcurrentQueue<byte[]> _snapshots = new();
    private readonly BlockingCollection<string> _resyncs = new(boundedCapacity: 10_000);
    private readonly ConcurrentDictionary<string, byte> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _symbols = new(StringComparer.Ordinal);
    private readonly ManualResetEventSlim _stopping = new();
    private readonly Thread _worker;
    private readonly TimeSpan _requestTimeout;
    private long _snapshotsApplied;
    private long _resyncRequests;
    private long _recoveryResyncs;
    private long _snapshotRequests;
    private long _failedRequests;
    private long _duplicates;
    private long _gaps;
    private int _disposed;

    /// <summary>Starts the subscriber and the snapshot thread.</summary>
    /// <param name="options">The subscriber's options (endpoints of the gateway's publish socket); its <see cref="TickSubscriberOptions.MaxMessageSize"/> also bounds snapshot reply frames.</param>
    /// <param name="requestEndpoint">The gateway's request endpoint.</param>
    /// <param name="handler">Called on the receive thread for every tick that is not already in the state.</param>
    /// <param name="onSnapshot">Called on the receive thread with each Snapshot message (topic and frame) as it is applied.</param>
    /// <param name="serverPublicKey">The gateway's Z85 public key when its request service uses CURVE.</param>
    /// <param name="requestTimeout">How long a snapshot request may take (default 2 s).</param>
    public SyncedSubscriber(TickSubscriberOptions options, string requestEndpoint, TickHandler handler,
        Action<byte[]>? onSnapshot = null, string? serverPublicKey = null, TimeSpan? requestTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        options.Validate();
        _handler = handler;
        _onSnapshot = onSnapshot;
        _requestTimeout = requestTimeout ?? TimeSpan.FromSeconds(2);
        _requests = new SnapshotClient(requestEndpoint, serverPublicKey, options.MaxMessageSize);
        try
        {
            // With RequestEndpoint, retransmission first: only the jump a lost run leaves is a gap here.
            Subscriber = new TickSubscriber(options, OnTick);
        }
        catch
        {
            _requests.Dispose();
            throw;
        }

        Subscriber.StreamRecovered += OnStreamRecovered;
        Subscriber.StreamRestarted += OnStreamRestarted;
        _worker = new Thread(RequestSnapshots) { IsBackground = true, Name = "SyncedSubscriber snapshots" };
        _worker.Start();
    }

    /// <summary>The underlying subscriber (counters, latency, events).</summary>
    public TickSubscriber Subscriber { get; }

    /// <summary>Snapshot messages applied.</summary>
    public long SnapshotsApplied => Interlocked.Read(ref _snapshotsApplied);

    /// <summary>Snapshot requests made after a gap.</summary>
    public long ResyncRequests => Interlocked.Read(ref _resyncRequests);

    /// <summary>Resynchronisations of every subscribed symbol: a stale stream recovered, a stream restarted, or <see cref="Resync"/>.</summary>
    public long RecoveryResyncs => Interlocked.Read(ref _recoveryResyncs);

    /// <summary>Snapshot requests sent to the gateway (one may cover several symbols), retries included.</summary>
    public long SnapshotRequests => Interlocked.Read(ref _snapshotRequests);

    /// <summary>Snapshot requests that failed (ERROR reply or no reply in time); each is retried.</summary>
    public long FailedRequests => Interlocked.Read(ref _failedRequests);

    /// <summary>Ticks dropped because the state already held them.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Sequence gaps seen after a snapshot (each one triggers a resync).</summary>
    public long Gaps => Interlocked.Read(ref _gaps);

    /// <summary>Subscribes to a symbol, then takes its snapshot.</summary>
    /// <param name="symbol">A valid symbol.</param>
    public void Subscribe(string symbol)
    {
        Subscriber.SubscribeSymbol(symbol);
        _symbols.TryAdd(symbol, 0);
        RequestSnapshot(symbol);
    }

    /// <summary>
    /// Takes a new snapshot of every subscribed symbol, as after a stale stream's recovery: for an application
    /// that knows of a disruption the subscriber cannot see (a failover it made, a gateway it restarted).
    /// </summary>
    public void Resync() => ResyncAll();

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // The receive thread stops first, so nothing asks for a snapshot once the queue is closed.
        Subscriber.StreamRecovered -= OnStreamRecovered;
        Subscriber.StreamRestarted -= OnStreamRestarted;
        Subscriber.Dispose();
        _stopping.Set();
        _resyncs.CompleteAdding();
        if (_worker.Join(_requestTimeout + TimeSpan.FromSeconds(1)))
        {
            _requests.Dispose();
            _resyncs.Dispose();
            _stopping.Dispose();
        }

        // Otherwise the worker is still inside a request (it ends within the timeout, then sees the closed queue);
        // its socket, queue and event are left to it rather than closed under it.
    }

    private void RequestSnapshot(string symbol)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        // One request in flight per symbol: a burst of gaps asks once.
        try
        {
            if (_pending.TryAdd(symbol, 0) && !_resyncs.TryAdd(symbol))
            {
                _pending.TryRemove(symbol, out _);
            }
        }
        catch (InvalidOperationException)
        {
            // Disposed meanwhile: the queue no longer takes requests.
            _pending.TryRemove(symbol, out _);
        }
    }

    private void ResyncAll()
    {
        Interlocked.Increment(ref _recoveryResyncs);
        foreach (var symbol in _symbols.Keys)
        {
            RequestSnapshot(symbol);
        }
    }

    private void OnStreamRecovered(object? sender, StreamEventArgs e) => ResyncAll();

    private void OnStreamRestarted(object? sender, StreamEventArgs e)
    {
        // On the receive thread, like OnTick. Sequences restart at 1: the old session's state and any snapshot of
        // it still queued would make the new session's updates look like duplicates.
        _sync.Clear(e.StreamId);
        while (_snapshots.TryDequeue(out _))
        {
        }

        ResyncAll();
    }

    private void OnTick(in TickView tick)
    {
        while (_snapshots.TryDequeue(out var snapshot))
        {
            if (_sync.ApplySnapshot(snapshot))
            {
                Interlocked.Increment(ref _snapshotsApplied);
                _onSnapshot?.Invoke(snapshot);
            }
        }

        switch (_sync.Check(tick.Topic, tick.Frame))
        {
            case SyncDecision.Duplicate:
                Interlocked.Increment(ref _duplicates);
                return;
            case SyncDecision.Gap:
                Interlocked.Increment(ref _gaps);
                Interlocked.Increment(ref _resyncRequests);
                RequestSnapshot(Encoding.ASCII.GetString(Topic.SymbolOf(tick.Topic)));
                break;
            case SyncDecision.NotTracked:
                // A subscribed symbol the snapshot had nothing of: its sequence is followed from here on.
                _sync.Track(tick.Topic, tick.Frame);
                break;
        }

        _handler(in tick);
    }

    private void RequestSnapshots()
    {
        var batch = new List<string>();
        var command = new StringBuilder();
        var delay = RetryDelay;
        foreach (var first in _resyncs.GetConsumingEnumerable())
        {
            batch.Clear();
            batch.Add(first);
            while (batch.Count < MaxSymbolsPerRequest && _resyncs.TryTake(out var next))
            {
                batch.Add(next);
            }

            command.Clear().Append("SNAPSHOT");
            foreach (var symbol in batch)
            {
                _pending.TryRemove(symbol, out _);
                command.Append(' ').Append(symbol);
            }

            Interlocked.Increment(ref _snapshotRequests);
            try
            {
                foreach (var frame in _requests.Request(command.ToString(), _requestTimeout))
                {
                    if (frame.Length > 0 && frame[0] == (byte)'X')
                    {
                        _snapshots.Enqueue(frame);
                    }
                }

                delay = RetryDelay;
            }
            catch (GatewayRequestException)
            {
                // The gateway is down or restarting: wait, then ask again for every symbol of the batch (those a
                // gap asked for meanwhile are merged). Disposal ends the wait.
                Interlocked.Increment(ref _failedRequests);
                if (_stopping.Wait(delay))
                {
                    return;
                }

                delay = delay * 2 < MaxRetryDelay ? delay * 2 : MaxRetryDelay;
                foreach (var symbol in batch)
                {
                    RequestSnapshot(symbol);
                }
            }
        }
    }
}
