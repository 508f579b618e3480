using NetMQ;

namespace TickStream.Recovery.Tests;

/// <summary>An outgoing socket that keeps every message sent, as frames, for tests of what a service queues.</summary>
internal sealed class CollectingSocket : IOutgoingSocket
{
    private readonly List<byte[]> _current = [];

    public List<List<byte[]>> Messages { get; } = [];

    public bool TrySend(ref Msg msg, TimeSpan timeout, bool more)
    {
        _current.Add(msg.Slice().ToArray());
        if (!more)
        {
            Messages.Add([.. _current]);
            _current.Clear();
        }

        return true;
    }
}
