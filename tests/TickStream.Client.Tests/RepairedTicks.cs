using System.Collections.Concurrent;
using System.Text;

namespace TickStream.Client.Tests;

/// <summary>Every tick of one stream a handler saw, as the exact message bytes (topic then frame), in order.</summary>
internal sealed class RepairedTicks(ushort streamId)
{
    private readonly ConcurrentQueue<byte[]> _messages = new();
    private long _probes;

    public long Probes => Interlocked.Read(ref _probes);

    public int Count => _messages.Count;

    public IReadOnlyList<byte[]> Messages => [.. _messages];

    public void Add(in TickView tick)
    {
        if (tick.Kind is not (TickKind.Trade or TickKind.Quote or TickKind.BookUpdate))
        {
            return;
        }

        if (tick.StreamId != streamId)
        {
            Interlocked.Increment(ref _probes);
            return;
        }

        var message = new byte[tick.Topic.Length + tick.Frame.Length];
        tick.Topic.CopyTo(message);
        tick.Frame.CopyTo(message.AsSpan(tick.Topic.Length));
        _messages.Enqueue(message);
    }

    /// <summary>The symbols and symbol sequences seen, as <c>AAPL:3</c>, for readable assertions.</summary>
    public IReadOnlyList<string> Keys() =>
        [.. _messages.Select(m =>
        {
            var bar = Array.IndexOf(m, (byte)'|');
            var symbolSeq = BitConverter.ToUInt64(m, bar + 1 + 8 + 8);
            return $"{Encoding.ASCII.GetString(m, 2, bar - 2)}:{symbolSeq}";
        })];
}
