using TickStream.Wire;

namespace TickStream.Gateway;

/// <summary>
/// Which request-service connections (routing ids) take the live stream of which symbols, under entitlements.
/// Proxy thread only. Looking up the subscribers of a received frame allocates nothing. A connection's routes go
/// with its session (<see cref="RemoveAll"/>), so frames are never routed to a routing id a later connection took.
/// </summary>
internal sealed class SessionRoutes
{
    private readonly Dictionary<SymbolKey, List<byte[]>> _bySymbol = [];
    private readonly Dictionary<string, Dictionary<SymbolKey, byte[]>> _connections = new(StringComparer.Ordinal);
    private readonly List<byte[]> _all = [];

    /// <summary>Connections that take at least one symbol.</summary>
    public int Count => _all.Count;

    /// <summary>Routes (connection, symbol) held in all.</summary>
    public long Routes { get; private set; }

    /// <summary>How many symbols a connection takes.</summary>
    /// <param name="identity">The connection's routing id.</param>
    public int SymbolsOf(byte[] identity) =>
        _connections.TryGetValue(Convert.ToHexString(identity), out var symbols) ? symbols.Count : 0;

    /// <summary>Whether a connection takes a symbol.</summary>
    /// <param name="identity">The connection's routing id.</param>
    /// <param name="symbol">The symbol.</param>
    public bool Has(byte[] identity, ReadOnlySpan<byte> symbol) =>
        _connections.TryGetValue(Convert.ToHexString(identity), out var symbols) && symbols.ContainsKey(SymbolKey.Create(0, symbol));

    /// <summary>Adds a symbol to a connection's stream. Returns false when it had it already.</summary>
    /// <param name="identity">The connection's routing id.</param>
    /// <param name="symbol">The symbol.</param>
    /// <param name="isFirst">True when no connection took the symbol before: it must be subscribed upstream.</param>
    public bool Add(byte[] identity, ReadOnlySpan<byte> symbol, out bool isFirst)
    {
        isFirst = false;
        var key = SymbolKey.Create(0, symbol);
        var connection = Convert.ToHexString(identity);
        if (!_connections.TryGetValue(connection, out var symbols))
        {
            symbols = [];
            _connections.Add(connection, symbols);
            _all.Add(identity);
        }

        if (!symbols.TryAdd(key, symbol.ToArray()))
        {
            return false;
        }

        if (!_bySymbol.TryGetValue(key, out var subscribers))
        {
            subscribers = [];
            _bySymbol.Add(key, subscribers);
        }

        isFirst = subscribers.Count == 0;
        subscribers.Add(identity);
        Routes++;
        return true;
    }

    /// <summary>Removes a symbol from a connection's stream. Returns false when it did not have it.</summary>
    /// <param name="identity">The connection's routing id.</param>
    /// <param name="symbol">The symbol.</param>
    /// <param name="wasLast">True when no connection takes the symbol any more: it must be unsubscribed upstream.</param>
    public bool Remove(byte[] identity, ReadOnlySpan<byte> symbol, out bool wasLast)
    {
        wasLast = false;
        var connection = Convert.ToHexString(identity);
        var key = SymbolKey.Create(0, symbol);
        if (!_connections.TryGetValue(connection, out var symbols) || !symbols.Remove(key))
        {
            return false;
        }

        wasLast = Unroute(key, identity);
        if (symbols.Count == 0)
        {
            Forget(connection, identity);
        }

        return true;
    }

    /// <summary>Removes every symbol of a connection (its session ended).</summary>
    /// <param name="identity">The connection's routing id.</param>
    /// <param name="lastSymbols">Receives the symbols no connection takes any more: they must be unsubscribed upstream.</param>
    /// <returns>How many routes were removed.</returns>
    public int RemoveAll(byte[] identity, List<byte[]> lastSymbols)
    {
        var connection = Convert.ToHexString(identity);
        if (!_connections.TryGetValue(connection, out var symbols))
        {
            return 0;
        }

        foreach (var (key, symbol) in symbols)
        {
            if (Unroute(key, identity))
            {
                lastSymbols.Add(symbol);
            }
        }

        var removed = symbols.Count;
        Forget(connection, identity);
        return removed;
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

    // Takes the connection off the symbol's subscribers; true when it was the last one.
    private bool Unroute(SymbolKey key, byte[] identity)
    {
        var subscribers = _bySymbol[key];
        subscribers.RemoveAt(IndexOf(subscribers, identity));
        Routes--;
        if (subscribers.Count > 0)
        {
            return false;
        }

        _bySymbol.Remove(key);
        return true;
    }

    private void Forget(string connection, byte[] identity)
    {
        _connections.Remove(connection);
        _all.RemoveAt(IndexOf(_all, identity));
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
