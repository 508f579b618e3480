using System.Collections.Concurrent;
using System.Text;
using TickStream.Wire;

namespace TickStream.Client;

/// <summary>
/// A <see cref="TickSubscriber"/> in front of a gateway, kept consistent by the Clone pattern: on subscribe it
/// takes a snapshot from the gateway's request service, then passes on only updates newer than the state held;
/// on a sequence gap it takes a new snapshot.
/// </summary>
/// <remarks>
/// Snapshots are requested on a thread of their own and applied on the receive thread, before the next tick, so
/// the handler sees the snapshot and the ticks in one order and needs no lock. Use a plain gateway (the
/// subscriber has no CURVE options); the request service may use CURVE (<c>serverPublicKey</c>).
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
    private readonly TickHandler _handler;
    private readonly Action<byte[]>? _onSnapshot;
    private readonly SnapshotSync _sync = new();
    private readonly SnapshotClient _requests;
    private readonly ConcurrentQueue<byte[]> _snapshots = new();
    private readonly BlockingCollection<string> _resyncs = new(boundedCapacity: 10_000);
    private readonly ConcurrentDictionary<string, byte> _pending = new(StringComparer.Ordinal);
    private readonly Thread _worker;
    private readonly TimeSpan _requestTimeout;
    private long _snapshotsApplied;
    private long _resyncRequests;
    private long _failedRequests;
    private long _duplicates;
    private long _gaps;
    private int _disposed;

    /// <summary>Starts the subscriber and the snapshot thread.</summary>
    /// <param name="options">The subscriber's options (endpoints of the gateway's publish socket).</param>
    /// <param name="requestEndpoint">The gateway's request endpoint.</param>
    /// <param name="handler">Called on the receive thread for every tick that is not already in the state.</param>
    /// <param name="onSnapshot">Called on the receive thread with each Snapshot message (topic and frame) as it is applied.</param>
    /// <param name="serverPublicKey">The gateway's Z85 public key when its request service uses CURVE.</param>
    /// <param name="requestTimeout">How long a snapshot request may take (default 2 s).</param>
    public SyncedSubscriber(TickSubscriberOptions options, string requestEndpoint, TickHandler handler,
        Action<byte[]>? onSnapshot = null, string? serverPublicKey = null, TimeSpan? requestTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = handler;
        _onSnapshot = onSnapshot;
        _requestTimeout = requestTimeout ?? TimeSpan.FromSeconds(2);
        _requests = new SnapshotClient(requestEndpoint, serverPublicKey);
        Subscriber = new TickSubscriber(options, OnTick);
        _worker = new Thread(RequestSnapshots) { IsBackground = true, Name = "SyncedSubscriber snapshots" };
        _worker.Start();
    }

    /// <summary>The underlying subscriber (counters, latency, events).</summary>
    public TickSubscriber Subscriber { get; }

    /// <summary>Snapshot messages applied.</summary>
    public long SnapshotsApplied => Interlocked.Read(ref _snapshotsApplied);

    /// <summary>Snapshot requests made after a gap.</summary>
    public long ResyncRequests => Interlocked.Read(ref _resyncRequests);

    /// <summary>Snapshot requests that failed (ERROR reply or no reply in time).</summary>
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
        RequestSnapshot(symbol);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _resyncs.CompleteAdding();
        _worker.Join(_requestTimeout + TimeSpan.FromSeconds(1));
        Subscriber.Dispose();
        _requests.Dispose();
        _resyncs.Dispose();
    }

    private void RequestSnapshot(string symbol)
    {
        // One request in flight per symbol: a burst of gaps asks once.
        if (_pending.TryAdd(symbol, 0) && !_resyncs.TryAdd(symbol))
        {
            _pending.TryRemove(symbol, out _);
        }
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
        }

        _handler(in tick);
    }

    private void RequestSnapshots()
    {
        foreach (var symbol in _resyncs.GetConsumingEnumerable())
        {
            _pending.TryRemove(symbol, out _);
            try
            {
                foreach (var frame in _requests.Request("SNAPSHOT " + symbol, _requestTimeout))
                {
                    if (frame.Length > 0 && frame[0] == (byte)'X')
                    {
                        _snapshots.Enqueue(frame);
                    }
                }
            }
            catch (GatewayRequestException)
            {
                // Counted; the next gap asks again. A timed-out DEALER may still deliver the late reply to the
                // next request, which then ends in END as well and is as good a snapshot.
                Interlocked.Increment(ref _failedRequests);
            }
        }
    }
}
