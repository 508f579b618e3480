using System.Diagnostics;
using System.Text;
using NetMQ;
using NetMQ.Sockets;

namespace TickStream.Client;

/// <summary>
/// A client of a gateway's or feed handler's request service (docs/GATEWAY.md, docs/RECOVERY.md) on a DEALER
/// socket: SNAPSHOT, LIST, REPLAY, RETRANSMIT and LOGIN, with replies read as credit-based transfers. One request
/// at a time; not thread-safe.
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

    /// <summary>Reply messages granted ahead in a transfer by default: half the servers' default cap of 8.</summary>
    public const int DefaultCreditAhead = 4;

    private readonly string _endpoint;
    private readonly string? _serverPublicKey;
    private DealerSocket _socket;
    private readonly int _receiveHighWatermark;
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
        : this(endpoint, serverPublicKey, maxMessageSize, 1000)
    {
    }

    /// <summary>Connects with a receive high-water mark of its own: a session connection also carries a stream.</summary>
    internal SnapshotClient(string endpoint, string? serverPublicKey, long maxMessageSize, int receiveHighWatermark)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageSize, 64);
        _endpoint = endpoint;
        _serverPublicKey = serverPublicKey;
        MaxMessageSize = maxMessageSize;
        _receiveHighWatermark = receiveHighWatermark;
        _socket = Open();
    }

    /// <summary>The largest reply frame accepted, in bytes.</summary>
    public long MaxMessageSize { get; }

    /// <summary>The connection's socket, which an entitled session's stream arrives on (<see cref="TickSubscriber"/>).</summary>
    internal DealerSocket Socket => _socket;

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

    /// <summary>Sends one request and returns the data frames of its reply (without the status frame).</summary>
    /// <param name="command">A text request such as <c>SNAPSHOT AAPL</c>.</param>
    /// <param name="timeout">How long to wait for each reply message (the first one: sending included).</param>
    /// <returns>The data frames of every message of the reply, in order.</returns>
    /// <exception cref="GatewayRequestException">The reply was an ERROR, or none came in time (the socket is then replaced).</exception>
    /// <remarks>A reply split into several messages (<c>MORE</c>, docs/RECOVERY.md section 2) is read to its end.</remarks>
    public IReadOnlyList<byte[]> Request(string command, TimeSpan timeout)
    {
        var frames = new List<byte[]>();
        var status = Transfer(command, timeout, frame =>
        {
            frames.Add(frame);
            return true;
        });
        return status.StartsWith("ERROR", StringComparison.Ordinal) ? throw new GatewayRequestException(status) : frames;
    }

    /// <summary>
    /// Sends one request and hands each data frame of its reply to <paramref name="onFrame"/> as it arrives, across
    /// every message of a transfer, granting credit as it goes (docs/RECOVERY.md section 2); returns the status frame
    /// that ended it (<c>END ...</c> or <c>ERROR ...</c>).
    /// </summary>
    /// <param name="command">A text request such as <c>RETRANSMIT 1 * 10 20 Q.AAPL|</c>.</param>
    /// <param name="timeout">How long to wait for each reply message (the first one: sending included).</param>
    /// <param name="onFrame">Takes one data frame; false cancels the transfer (<c>CANCEL</c>; the rest is discarded).</param>
    /// <param name="creditAhead">Messages granted ahead once a transfer is open (1 to 64): a few keep the server
    /// busy while this client reads; the server clamps a grant above its cap.</param>
    /// <returns>The status frame: <c>END</c> (possibly with words, such as <c>END CANCELLED</c>) or <c>ERROR ...</c>.</returns>
    /// <exception cref="GatewayRequestException">A message did not come in time (the socket is then replaced), or a
    /// message ended without a status frame.</exception>
    public string Transfer(string command, TimeSpan timeout, Func<byte[], bool> onFrame, int creditAhead = DefaultCreditAhead)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        ArgumentNullException.ThrowIfNull(onFrame);
        ArgumentOutOfRangeException.ThrowIfLessThan(creditAhead, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(creditAhead, 64);
        var clock = Stopwatch.StartNew();
        if (!_socket.TrySendFrame(timeout, command))
        {
            Replace();
            throw new GatewayRequestException($"could not send '{command}' within {timeout}");
        }

        var reply = new NetMQMessage();
        var messages = 0;
        var cancelled = false;
        while (true)
        {
            // The first message's wait includes the send; each later one has the whole timeout from the last.
            var left = messages == 0 ? timeout - clock.Elapsed : timeout;
            reply.Clear();
            if (!_socket.TryReceiveMultipartMessage(left > TimeSpan.Zero ? left : TimeSpan.Zero, ref reply))
            {
                // Lazy Pirate: a transfer left open on the server ends there by its idle timeout.
                Replace();
                throw new GatewayRequestException($"no reply to '{command}' within {timeout} (after {messages} messages)");
            }

            messages++;
            var status = reply.FrameCount > 0 ? Encoding.ASCII.GetString(reply[reply.FrameCount - 1].Buffer, 0, reply[reply.FrameCount - 1].MessageSize) : "";
            var more = status == "MORE";
            if (!more && !status.StartsWith("END", StringComparison.Ordinal) && !status.StartsWith("ERROR", StringComparison.Ordinal))
            {
                Replace();
                throw new GatewayRequestException($"a reply to '{command}' did not end with END, MORE or ERROR");
            }

            for (var i = 0; i < reply.FrameCount - 1 && !cancelled; i++)
            {
                if (!onFrame(reply[i].ToByteArray()))
                {
                    cancelled = true;
                    if (more)
                    {
                        // The server answers END CANCELLED after the messages it has already sent; those are read and dropped.
                        _socket.TrySendFrame(timeout, "CANCEL");
                    }
                }
            }

            if (!more)
            {
                return status;
            }

            // Each message consumed costs one credit: the first grant opens the window, each later one tops it up.
            if (!cancelled && !_socket.TrySendFrame(timeout, messages == 1 ? "CREDIT " + creditAhead.ToString(System.Globalization.CultureInfo.InvariantCulture) : "CREDIT 1"))
            {
                Replace();
                throw new GatewayRequestException($"could not grant credit for '{command}' within {timeout}");
            }
        }
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
            socket.Options.ReceiveHighWatermark = _receiveHighWatermark;
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
