using TickStream.Wire;

namespace TickStream.Gateway;

/// <summary>
/// Which request-service connections (routing ids) take the live stream of which symbols, under entitlements.
/// Proxy thread only. Looking up the subscribers of a received frame allocates nothing.
/// </summary>
internal sealed class SessionRoutes
{
    /// <summary>The most symbols one connection may take, so one client cannot grow the tables without bound.</summary>
    public const int MaxSymbolsPerConnection = 10_000;

    private readonly Dictionary<SymbolKey, List<byte[]>> _bySymbol = [];
    private readonly Dictionary<string, (byte[] Identity, int Symbols)> _connections = new(StringComparer.Ordinal);
    private readonly List<byte[]> _all = [];

    /// <summary>Connections that take at least one symbol.</summary>
    public int Count => _all.Count;

    /// <summary>Adds a symbol to a connection's stream. Returns false when it had it already or is at its limit.</summary>
    /// <param name="identity">The connection's routing id.</param>
    /// <param name="symbol">The symbol.</param>
    /// <param name="isFirst">True when no connection took the symbol before: it must be subscribed upstream.</param>
    public bool Add(byte[] identity, ReadOnlySpan<byte> symbol, out bool isFirst)
    {
        isFirst = false;
        var key = SymbolKey.Create(0, symbol);
        var connection = Convert.ToHexString(identity);
        _connections.TryGetValue(connection, out var known);
        if (known.Symbols >= MaxSymbolsPerConnection)
        {
            return false;
        }

        if (!_bySymbol.TryGetValue(key, out var subscribers))
        {
            subscribers = [];
            _bySymbol.Add(key, subscribers);
        }

        if (IndexOf(subscribers, identity) >= 0)
        {
            return false;
        }

        isFirst = subscribers.Count == 0;
        subscribers.Add(identity);
        if (known.Identity is null)
        {
            _all.Add(identity);
        }

        _connections[connection] = (known.Identity ?? identity, known.Symbols + 1);
        return true;
    }

    /// <summary>Removes a symbol from a connection's stream. Returns false when it did not have it.</summary>
    /// <param name="identity">The connection's routing id.</param>
    /// <param name="symbol">The symbol.</param>
    /// <param name="wasLast">True when no connection takes the symbol any more: it must be unsubscribed upstream.</param>
    public bool Remove(byte[] identity, ReadOnlySpan<byte> symbol, out bool wasLast)
    {
        wasLast = false;
        var key = SymbolKey.Create(0, symbol);
        if (!_bySymbol.TryGetValue(key, out var subscribers) || IndexOf(subscribers, identity) is var index && index < 0)
        {
            return false;
        }

        subscribers.RemoveAt(index);
        wasLast = subscribers.Count == 0;
        var connection = Convert.ToHexString(identity);
        var known = _connections[connection];
        if (known.Symbols == 1)
        {
            _connections.Remove(connection);
            _all.RemoveAt(IndexOf(_all, identity));
        }
        else
        {
            _connections[connection] = (known.Identity, known.Symbols - 1);
        }

        return true;
    }

    /// <summary>The connections a message goes to: its symbol's subscribers, or every connection for H| and S|.</summary>
    public List<byte[]>? Match(ReadOnlySpan<byte> message)
    {
        if (!Topic.TrySplit(message, out var topic, out _))
        {
            return null;
        }

        if (topic.Length == 2)
        {
            return _all;
        }

        var symbol = Topic.SymbolOf(topic);
        return symbol.IsEmpty ? null : _bySymbol.GetValueOrDefault(SymbolKey.Create(0, symbol));
    }

    private static int IndexOf(List<byte[]> identities, byte[] identity)
    {
        for (var i = 0; i < identities.Count; i++)
        {
            if (identities[i].AsSpan().SequenceEqual(identity))
            {
                return i;
            }
        }

        return -1;
    }
}
