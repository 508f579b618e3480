using System.Buffers.Binary;
using NetMQ;
using NetMQ.Sockets;
using TickStream.Sources;
using TickStream.Wire;

namespace TickStream.LoadTest;

/// <summary>
/// The raw NetMQ baseline: the same synthetic market paces the sends, but each tick only stamps the send time into
/// a pre-built 111-byte message (7-byte topic, 104-byte frame, the size of a TickStream quote) at the ingest-time
/// offset and hands it to an XPUB socket: no normalising, no ring, no encoding.
/// </summary>
internal sealed class RawNetMqPublisher : IScenarioPublisher, ITickSink
{
    private const int FrameBytes = 104;
    private const int IngestTimeFrameOffset = 8 + 24;
    private const int StreamSeqFrameOffset = 8;
    private static readonly byte[] TopicBytes = "Q.AAPL|"u8.ToArray();

    private readonly XPublisherSocket _socket = new();
    private readonly SyntheticMarket _market;
    private readonly bool _twoFrames;
    private readonly byte[] _message;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _thread;
    private long _subscriptions;
    private long _sent;
    private long _sequence;
    private bool _stopped;

    public RawNetMqPublisher(bool twoFrames, double ticksPerSecond, long maxTicks, ulong seed, int highWatermark, TimeSpan pacingSlack)
    {
        _twoFrames = twoFrames;
        _market = new SyntheticMarket(HarnessMarket.Options(ticksPerSecond, maxTicks, seed, pacingSlack), new InstrumentRegistry());
        _message = new byte[TopicBytes.Length + FrameBytes];
        TopicBytes.CopyTo(_message, 0);

        // The feed handler's socket settings, so only the work per tick differs.
        _socket.Options.XPubVerbose = true;
        _socket.Options.SendHighWatermark = highWatermark;
        _socket.Options.Linger = TimeSpan.FromSeconds(1);
        _socket.Bind("tcp://127.0.0.1:*");
        Endpoint = _socket.Options.LastEndpoint!;
    }

    public string Endpoint { get; }

    public long Sent => Volatile.Read(ref _sent);

    public Task Completed => _completed.Task;

    public long Backlog => 0;

    public bool SubscribersReady(int subscribers)
    {
        // Only before Start: afterwards the socket belongs to the source thread.
        while (_thread is null && _socket.TryReceiveFrameBytes(TimeSpan.FromMilliseconds(10), out var message))
        {
            if (message.Length > 0)
            {
                _subscriptions += message[0] == 1 ? 1 : -1;
            }
        }

        return _subscriptions >= subscribers;
    }

    public void Start()
    {
        _thread = new Thread(() =>
        {
            try
            {
                _market.Run(this, _stop.Token);
            }
            finally
            {
                _completed.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = "raw-source",
        };
        _thread.Start();
    }

    public void OnTick(ref RawTick tick)
    {
        // The send time, and a sequence as TickStream's frames carry, so the subscriber can tell where ticks were lost.
        BinaryPrimitives.WriteInt64LittleEndian(_message.AsSpan(TopicBytes.Length + IngestTimeFrameOffset), WireClock.NowNanoseconds());
        BinaryPrimitives.WriteInt64LittleEndian(_message.AsSpan(TopicBytes.Length + StreamSeqFrameOffset), _sequence + 1);
        var msg = default(Msg);
        bool sent;
        if (_twoFrames)
        {
            msg.InitPool(TopicBytes.Length);
            TopicBytes.CopyTo(msg.Slice());
            sent = _socket.TrySend(ref msg, TimeSpan.Zero, more: true);
            msg.Close();
            msg.InitPool(FrameBytes);
            _message.AsSpan(TopicBytes.Length).CopyTo(msg.Slice());
            sent &= _socket.TrySend(ref msg, TimeSpan.Zero, more: false);
        }
        else
        {
            msg.InitPool(_message.Length);
            _message.CopyTo(msg.Slice());
            sent = _socket.TrySend(ref msg, TimeSpan.Zero, more: false);
        }

        msg.Close();
        _sequence++;
        if (sent)
        {
            Volatile.Write(ref _sent, _sent + 1);
        }
    }

    public void Stop()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        _stop.Cancel();
        _thread?.Join(TimeSpan.FromSeconds(10));
        _socket.Dispose();
    }

    public void Dispose()
    {
        Stop();
        _stop.Dispose();
    }
}
