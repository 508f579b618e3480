using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using NetMQ;
using NetMQ.Sockets;

namespace TickStream.Testing;

/// <summary>
/// A small request service for client tests: a ROUTER on a free loopback port that answers <c>RETRANSMIT</c>,
/// <c>CREDIT</c> and <c>CANCEL</c> as docs/RECOVERY.md says, over the frames a test gave it with <see cref="Add"/>,
/// and <c>SNAPSHOT</c> with the requested symbols' frames of <see cref="SnapshotReply"/>, in transfers of at most
/// <see cref="MaxReplyFrames"/> frames a message (<c>MORE</c>, then <c>END</c>). Runs on a thread of its own.
/// </summary>
/// <remarks>
/// Built from the contract alone, so that client tests run before the real servers exist; the same scenarios are
/// meant to run against a gateway later. Frames are held per (stream, session); <c>*</c> is the session of the
/// stream's latest <see cref="Add"/>. While <see cref="Paused"/>, requests are recorded but answered only on resume.
/// </remarks>
public sealed class FakeRequestServer : IDisposable
{
    private const int MaxCredit = 8;
    private readonly RouterSocket _socket = new();
    private readonly Thread _thread;
    private readonly Lock _gate = new();
    private readonly Dictionary<(ushort Stream, ulong Session), SortedDictionary<ulong, byte[]>> _frames = [];
    private readonly Dictionary<ushort, ulong> _currentSession = [];
    private readonly List<string> _requests = [];
    private readonly Dictionary<string, Transfer> _transfers = new(StringComparer.Ordinal);
    private readonly List<NetMQMessage> _backlog = [];
    private volatile bool _stopping;
    private volatile bool _paused;
    private long _creditIgnored;

    /// <summary>Binds to <c>tcp://127.0.0.1:*</c> and starts serving.</summary>
    public FakeRequestServer()
    {
        _socket.Options.Linger = TimeSpan.Zero;
        _socket.Bind("tcp://127.0.0.1:*");
        Endpoint = _socket.Options.LastEndpoint!;
        _thread = new Thread(Run) { IsBackground = true, Name = "FakeRequestServer" };
        _thread.Start();
    }

    /// <summary>Where clients connect.</summary>
    public string Endpoint { get; }

    /// <summary>Data frames a reply message holds at most (the real servers' <c>--max-reply-frames</c>); small by default so transfers span messages.</summary>
    public int MaxReplyFrames { get; set; } = 3;

    /// <summary>What <c>SNAPSHOT</c> answers with (<c>X.SYMBOL|</c> + frame messages): those of the requested symbols.</summary>
    public IList<byte[]> SnapshotReply { get; } = [];

    /// <summary>While true, requests are recorded and queued, and answered when it is set back to false.</summary>
    public bool Paused
    {
        get => _paused;
        set => _paused = value;
    }

    /// <summary>The requests received (not CREDIT), in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>CREDIT grants received with no transfer open.</summary>
    public long CreditIgnored => Interlocked.Read(ref _creditIgnored);

    /// <summary>Keeps a published message (topic then SBE) of a Trade, Quote or BookUpdate for retransmission, under the stream's session.</summary>
    /// <param name="message">The message exactly as published.</param>
    /// <param name="sessionId">The session it belongs to (the stream's StreamStart's).</param>
    public void Add(byte[] message, ulong sessionId = 1)
    {
        ArgumentNullException.ThrowIfNull(message);
        var frame = message.AsSpan(message.AsSpan().IndexOf((byte)'|') + 1);
        var streamSeq = BinaryPrimitives.ReadUInt64LittleEndian(frame[8..]);
        var streamId = BinaryPrimitives.ReadUInt16LittleEndian(frame[(8 + 36)..]);
        lock (_gate)
        {
            if (!_frames.TryGetValue((streamId, sessionId), out var frames))
            {
                frames = [];
                _frames.Add((streamId, sessionId), frames);
            }

            frames[streamSeq] = message;
            _currentSession[streamId] = sessionId;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping = true;
        _thread.Join(TimeSpan.FromSeconds(5));
        _socket.Dispose();
    }

    private void Run()
    {
        var message = new NetMQMessage();
        while (!_stopping)
        {
            if (!_paused && _backlog.Count > 0)
            {
                foreach (var queued in _backlog)
                {
                    Handle(queued);
                }

                _backlog.Clear();
            }

            message = new NetMQMessage();
            if (!_socket.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(20), ref message))
            {
                continue;
            }

            var text = message.FrameCount >= 2 ? message[message.FrameCount - 1].ConvertToString(Encoding.UTF8) : "";
            if (!text.StartsWith("CREDIT", StringComparison.OrdinalIgnoreCase))
            {
                lock (_gate)
                {
                    _requests.Add(text);
                }
            }

            if (_paused || _backlog.Count > 0)
            {
                _backlog.Add(message);
            }
            else
            {
                Handle(message);
            }
        }
    }

    private void Handle(NetMQMessage request)
    {
        // [identity, (empty delimiter of a REQ), text]
        var identity = request[0].ToByteArray();
        var delimited = request.FrameCount == 3 && request[1].MessageSize == 0;
        var key = Convert.ToHexString(identity);
        var words = request[request.FrameCount - 1].ConvertToString(Encoding.UTF8).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var command = words.Length > 0 ? words[0].ToUpperInvariant() : "";
        _transfers.TryGetValue(key, out var open);
        switch (command)
        {
            case "CREDIT" when words.Length == 2 && int.TryParse(words[1], CultureInfo.InvariantCulture, out var n) && n >= 1:
                if (open is null)
                {
                    Interlocked.Increment(ref _creditIgnored);
                    return;
                }

                open.Credit = Math.Min(MaxCredit, open.Credit + n);
                Pump(key, open);
                return;
            case "CANCEL":
                if (open is not null)
                {
                    _transfers.Remove(key);
                    Send(identity, delimited, [], "END CANCELLED");
                }

                return;
        }

        if (open is not null)
        {
            Send(identity, delimited, [], "ERROR busy: a transfer is open on this connection");
            return;
        }

        List<byte[]> frames;
        switch (command)
        {
            case "RETRANSMIT":
                var error = Select(words, out frames);
                if (error is not null)
                {
                    Send(identity, delimited, [], error);
                    return;
                }

                break;
            case "SNAPSHOT":
                // Only the requested symbols' frames, as a gateway answers (or every one for '*').
                frames = [.. SnapshotReply.Where(f => words.Skip(1).Any(w => w == "*" || f.AsSpan(2).StartsWith(Encoding.ASCII.GetBytes(w + "|"))))];
                break;
            default:
                Send(identity, delimited, [], $"ERROR a known command, got '{command}'; expected one of: RETRANSMIT | SNAPSHOT | CREDIT | CANCEL");
                return;
        }

        var transfer = new Transfer(identity, delimited, frames) { Credit = 1 };
        _transfers[key] = transfer;
        Pump(key, transfer);
    }

    private string? Select(string[] words, out List<byte[]> frames)
    {
        frames = [];
        if (words.Length < 5
            || !ushort.TryParse(words[1], CultureInfo.InvariantCulture, out var stream)
            || !ulong.TryParse(words[3], CultureInfo.InvariantCulture, out var from)
            || !ulong.TryParse(words[4], CultureInfo.InvariantCulture, out var to)
            || from < 1 || to < from)
        {
            return "ERROR RETRANSMIT <streamId> <sessionId|*> <fromSeq> <toSeq> [<prefix>...] with 1 <= fromSeq <= toSeq";
        }

        lock (_gate)
        {
            ulong session;
            if (words[2] == "*")
            {
                if (!_currentSession.TryGetValue(stream, out session))
                {
                    return $"ERROR unavailable: stream {stream} is unknown";
                }
            }
            else if (!ulong.TryParse(words[2], CultureInfo.InvariantCulture, out session))
            {
                return "ERROR a session id or *";
            }

            if (!_frames.TryGetValue((stream, session), out var held) || !held.Keys.Any(s => s >= from && s <= to))
            {
                var range = held is { Count: > 0 } ? $"{held.Keys.Min()}..{held.Keys.Max()}" : "nothing";
                return $"ERROR unavailable: stream {stream} session {session} holds {range} in memory";
            }

            var prefixes = words.Skip(5).Select(Encoding.ASCII.GetBytes).ToList();
            foreach (var (seq, message) in held)
            {
                if (seq >= from && seq <= to && (prefixes.Count == 0 || prefixes.Any(p => message.AsSpan().StartsWith(p))))
                {
                    frames.Add(message);
                }
            }
        }

        return null;
    }

    /// <summary>Sends as many messages of the transfer as its credit allows; the last one ends it.</summary>
    private void Pump(string key, Transfer transfer)
    {
        while (transfer.Credit > 0)
        {
            var count = Math.Min(MaxReplyFrames, transfer.Frames.Count - transfer.Next);
            var last = transfer.Next + count >= transfer.Frames.Count;
            Send(transfer.Identity, transfer.Delimited, transfer.Frames.GetRange(transfer.Next, count), last ? "END" : "MORE");
            transfer.Next += count;
            transfer.Credit--;
            if (last)
            {
                _transfers.Remove(key);
                return;
            }
        }
    }

    private void Send(byte[] identity, bool delimited, List<byte[]> frames, string status)
    {
        var reply = new NetMQMessage();
        reply.Append(identity);
        if (delimited)
        {
            reply.AppendEmptyFrame();
        }

        foreach (var frame in frames)
        {
            reply.Append(frame);
        }

        reply.Append(status);
        _socket.TrySendMultipartMessage(reply);
    }

    private sealed class Transfer(byte[] identity, bool delimited, List<byte[]> frames)
    {
        public byte[] Identity { get; } = identity;

        public bool Delimited { get; } = delimited;

        public List<byte[]> Frames { get; } = frames;

        public int Next { get; set; }

        public int Credit { get; set; }
    }
}
