using System.Collections.Concurrent;
using NetMQ;

namespace TickStream.Client;

/// <summary>
/// Runs RETRANSMIT requests on a thread of its own, so that the receive thread never waits on the network: the
/// receive thread submits, this thread asks (<see cref="SnapshotClient.Transfer"/>: credit, MORE, END, ERROR, the
/// Lazy Pirate timeout) and queues the result for the receive thread to apply.
/// </summary>
internal sealed class RepairRequester : IDisposable
{
    // Requests waiting to be sent; more would only be a backlog of repairs that come too late.
    private const int MaxQueued = 1_024;

    // Lazy Pirate (the ZeroMQ guide): a request is sent this many times, each on a fresh socket, before it fails.
    private const int MaxAttempts = 3;

    private readonly SnapshotClient _client;
    private readonly BlockingCollection<RepairRequest> _requests = new(MaxQueued);
    private readonly Thread _thread;
    private readonly TimeSpan _timeout;
    private readonly int _maxFrames;

    public RepairRequester(string endpoint, string? serverKey, long maxMessageSize, TimeSpan timeout, int maxFrames)
    {
        // The reply messages hold up to about 256 KiB of frames (docs/RECOVERY.md); each frame is a live message.
        _client = new SnapshotClient(endpoint, serverKey, Math.Max(maxMessageSize, 64));
        _timeout = timeout;
        _maxFrames = maxFrames;
        _thread = new Thread(Run) { IsBackground = true, Name = "TickSubscriber repair" };
        _thread.Start();
    }

    /// <summary>Results for the receive thread, in the order the requests were answered.</summary>
    public ConcurrentQueue<RepairResult> Results { get; } = new();

    /// <summary>Queues a request; false when the queue is full or closed (the caller counts the repair lost).</summary>
    public bool Submit(RepairRequest request)
    {
        try
        {
            return _requests.TryAdd(request);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // Disposed meanwhile (the receive thread outlived Dispose's wait): the repair is lost.
            return false;
        }
    }

    /// <summary>
    /// Takes no more requests. The thread ends after the request in progress (within its timeout per message) and
    /// closes the socket itself, so disposing the subscriber never waits on the network.
    /// </summary>
    public void Dispose() => _requests.CompleteAdding();

    private void Run()
    {
        foreach (var request in _requests.GetConsumingEnumerable())
        {
            var frames = new List<byte[]>();
            string? error;
            for (var attempt = 1; ; attempt++)
            {
                frames.Clear();
                error = null;
                try
                {
                    var status = _client.Transfer(request.Command(), _timeout, frame =>
                    {
                        frames.Add(frame);
                        return frames.Count < _maxFrames;
                    });
                    if (status.StartsWith("ERROR", StringComparison.Ordinal))
                    {
                        error = status;
                    }

                    break;
                }
                catch (GatewayRequestException) when (attempt < MaxAttempts && !_requests.IsAddingCompleted)
                {
                    // No reply in time: the socket was replaced (Lazy Pirate); ask again from the start on the new
                    // one. A reply slowed by a loaded machine is not a lost one, and the window still holds the frames.
                }
                catch (Exception e) when (e is GatewayRequestException or TerminatingException or NetMQException or ObjectDisposedException)
                {
                    // No reply in time after every attempt, or NetMQ terminated under the subscriber: the repair is
                    // lost, and said so, rather than left holding the stream's frames.
                    error = e.Message;
                    break;
                }
            }

            Results.Enqueue(new RepairResult(request, frames, error));
        }

        _client.Dispose();
        _requests.Dispose();
    }
}
