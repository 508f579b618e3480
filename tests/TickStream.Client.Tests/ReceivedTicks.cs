using System.Collections.Concurrent;
using System.Text;

namespace TickStream.Client.Tests;

/// <summary>What a test handler saw, copied out of each view.</summary>
internal sealed class ReceivedTicks
{
    private readonly ConcurrentQueue<Received> _all = new();

    public void Add(in TickView tick) => _all.Enqueue(new Received(
        tick.Kind, tick.StreamId, Encoding.ASCII.GetString(tick.Symbol), tick.SymbolSeq, tick.StreamSeq));

    public IReadOnlyList<Received> All => [.. _all];

    public IReadOnlyList<Received> OnStream(ushort streamId) => [.. _all.Where(r => r.StreamId == streamId)];

    public bool Any(Func<Received, bool> predicate) => _all.Any(predicate);

    internal readonly record struct Received(TickKind Kind, ushort StreamId, string Symbol, ulong SymbolSeq, ulong StreamSeq);
}
