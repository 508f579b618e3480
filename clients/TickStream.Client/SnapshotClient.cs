using System.Diagnostics;
using System.Text;
using NetMQ;
using NetMQ.Sockets;

namespace TickStream.Client;

/// <summary>
/// A client of a gateway's request service (docs/GATEWAY.md) on a DEALER socket: SNAPSHOT, LIST, REPLAY and
/// LOGIN. One request at a time; not thread-safe.
/// </summary>
/// <remarks>
/// A request that gets no reply in time closes the socket and opens a new one (the ZeroMQ Guide's Lazy Pirate):
/// a request queued for a gateway that died is discarded rather than delivered to its successor, and a late reply
/// can never be taken for the reply to a later request. A session made by <see cref="Login"/> belongs to the
/// connection, so it is lost with it and must be made again.
/// </remarks>
/// <example>
/// <code>
/// using var requests = new SnapshotClient("tcp://gateway:5556");
/// foreach (var frame in requests.Request("SNAPSHOT AAPL MSFT", TimeSpan.FromSeconds(2))) sync.ApplySnapshot(frame);
/// </code>
/// </example>
public sealed class SnapshotClient : IDisposable
{
    /// <summary>The largest reply frame accepted by default (64 KiB, as <see cref="TickSubscriberOptions.MaxMessageSize"/>).</summary>
    public const long DefaultMaxMessageSize = 64 * 1024;

    private readonly string _endpoint;
    private readonly string? _serverPublicKey;
    private DealerSocket _socket;
    private long _socketsReplaced;

    /// <summary>Connects to a request service.</summary>
    /// <param name="endpoint">The gateway's ROUTER endpoint.</param>
    /// <param name="serverPublicKey">The gateway's Z85 public key when it serves CURVE; null for plain.</param>
    public SnapshotClient(string endpoint, string? serverPublicKey = null)
        : this(endpoint, serverPublicKey, DefaultMaxMessageSize)
    {
    }

    /// <summary>Connects to a request service, accepting reply frames up to <paramref name="maxMessageSize"/> bytes.</summary>
    /// <param name="endpoint">The gateway's ROUTER endpoint.</param>
    /// <param name="serverPublicKey">The gateway's Z85 public key when it serves CURVE; null for plain.</param>
    /// <param name="maxMessageSize">
    /// The largest reply frame accepted; a peer that sends a larger one is disconnected by ZeroMQ (the request then
    /// times out), so a rogue or mistaken endpoint cannot make this process allocate without bound. At least 64.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxMessageSize"/> is below 64.</exception>
    public SnapshotClient(string endpoint, string? serverPublicKey, long maxMessageSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageSize, 64);
        _endpoint = endpoint;
        _serverPublicKey = serverPublicKey;
        MaxMessageSize = maxMessageSize;
        _socket = Open();
    }

    /// <summary>The largest reply frame accepted, in bytes.</summary>
    public long MaxMessageSize { get; }

    /// <summary>How many times a request timed out and the socket was replaced by a new one.</summary>
    public long SocketsReplaced => Interlocked.Read(ref _socketsReplaced);

    /// <summary>Logs in with a credential: this connection then gets the grant's symbols in requests and streams.</summary>
    /// <param name="credential">The credential from the gateway's entitlements.</param>
    /// <param name="timeout">How long to wait for the reply.</param>
    /// <returns>The session id the gateway assigned.</returns>
    public string Login(string credential, TimeSpan timeout)
    {
        var frames = Request("LOGIN " + credential, timeout);
        var text = frames.Count == 1 ? Encoding.ASCII.GetString(frames[0]) : "";
        return text.StartsWith("SESSION ", StringComparison.Ordinal)
            ? text["SESSION ".Length..]
            : throw new GatewayRequestException($"unexpected LOGIN reply '{text}'");
    }

    /// <summary>Sends one request and returns the data frames of its reply (without the END frame).</summary>
    /// <param name="command">A text request such as <c>SNAPSHOT AAPL</c>.</param>
    /// <param name="timeout">How long to wait for the reply, sending included.</param>
    /// <returns>The reply frames before END.</returns>
    /// <exception cref="GatewayRequestException">The reply was an ERROR, or none came in time (the socket is then replaced).</exception>
    public IReadOnlyList<byte[]> Request(string command, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        var clock = Stopwatch.StartNew();
        if (!_socket.TrySendFrame(timeout, command))
        {
            Replace();
            throw new GatewayRequestException($"could not send '{command}' within {timeout}");
        }

        var reply = new NetMQMessage();
        var left = timeout - clock.Elapsed;
        if (!_socket.TryReceiveMultipartMessage(left > TimeSpan.Zero ? left : TimeSpan.Zero, ref reply))
        {
            Replace();
            throw new GatewayRequestException($"no reply to '{command}' within {timeout}");
        }

        var frames = new List<byte[]>(reply.FrameCount);
        foreach (var frame in reply)
        {
            frames.Add(frame.ToByteArray());
        }

        var last = frames.Count > 0 ? Encoding.ASCII.GetString(frames[^1]) : "";
        if (last.StartsWith("ERROR", StringComparison.Ordinal))
        {
            throw new GatewayRequestException(last);
        }

        if (!last.StartsWith("END", StringComparison.Ordinal))
        {
            throw new GatewayRequestException($"a reply to '{command}' did not end with END");
        }

        frames.RemoveAt(frames.Count - 1);
        return frames;
    }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();

    private DealerSocket Open()
    {
        var socket = new DealerSocket();
        try
        {
            socket.Options.Linger = TimeSpan.Zero;
            socket.Options.MaxMsgSize = MaxMessageSize;
            if (_serverPublicKey is not null)
            {
                socket.Options.CurveServerKey = NetMQCertificate.FromPublicKey(_serverPublicKey).PublicKey;
                socket.Options.CurveCertificate = new NetMQCertificate();
            }

            socket.Connect(_endpoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void Replace()
    {
        // Linger 0: whatever the old socket still queues (the unanswered request) goes with it.
        var fresh = Open();
        _socket.Dispose();
        _socket = fresh;
        Interlocked.Increment(ref _socketsReplaced);
    }
}
