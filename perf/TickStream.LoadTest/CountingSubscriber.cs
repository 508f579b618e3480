using NetMQ;
using NetMQ.Sockets;

namespace TickStream.LoadTest;

/// <summary>A SUB socket on its own thread that counts the messages it receives.</summary>
internal sealed class CountingSubscriber : IDisposable
{
    private readonly SubscriberSocket _socket = new();
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _count;

    public CountingSubscriber(string endpoint, params string[] prefixes)
    {
        _socket.Options.ReceiveHighWatermark = 1_000_000;
        foreach (var prefix in prefixes)
        {
            _socket.Subscribe(prefix);
        }

        _socket.Connect(endpoint);
        _thread = new Thread(Run) { IsBackground = true };
        _thread.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    private void Run()
    {
        var msg = default(Msg);
        msg.InitEmpty();
        while (!_stop)
        {
            if (_socket.TryReceive(ref msg, TimeSpan.FromMilliseconds(50)))
            {
                Interlocked.Increment(ref _count);
            }
        }

        msg.Close();
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join(TimeSpan.FromSeconds(5));
        _socket.Dispose();
    }
}
