using System.Text;
using NetMQ;
using NetMQ.Sockets;

namespace TickStream.Client;

/// <summary>
/// A client of a gateway's request service (docs/GATEWAY.md) on a DEALER socket: SNAPSHOT, LIST, REPLAY and
/// LOGIN. One request at a time; not thread-safe.
/// </summary>
/// <example>
/// <code>
/// using var requests = new SnapshotClient("tcp://gateway:5556");
/// foreach (var frame in requests.Request("SNAPSHOT AAPL MSFT", TimeSpan.FromSeconds(2))) sync.ApplySnapshot(frame);
/// </code>
/// </example>
public sealed class SnapshotClient : IDisposable
{
    private readonly DealerSocket _socket;

    /// <summary>Connects to a request service.</summary>
    /// <param name="endpoint">The gateway's ROUTER endpoint.</param>
    /// <param name="serverPublicKey">The gateway's Z85 public key when it serves CURVE; null for plain.</param>
    public SnapshotClient(string endpoint, string? serverPublicKey = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        _socket = new DealerSocket();
        _socket.Options.Linger = TimeSpan.Zero;
        if (serverPublicKey is not null)
        {
            _socket.Options.CurveServerKey = NetMQCertificate.FromPublicKey(serverPublicKey).PublicKey;
            _socket.Options.CurveCertificate = new NetMQCertificate();
        }

        _socket.Connect(endpoint);
    }

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
    /// <param name="timeout">How long to wait for the reply.</param>
    /// <returns>The reply frames before END.</returns>
    /// <exception cref="GatewayRequestException">The reply was an ERROR, or none came in time.</exception>
    public IReadOnlyList<byte[]> Request(string command, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        if (!_socket.TrySendFrame(timeout, command))
        {
            throw new GatewayRequestException($"could not send '{command}' within {timeout}");
        }

        var reply = new NetMQMessage();
        if (!_socket.TryReceiveMultipartMessage(timeout, ref reply))
        {
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
}
