using System.Globalization;
using System.Text;
using TickStream.Client;
using TickStream.Wire;

namespace TickStream.Reliability.SyncedClient;

/// <summary>
/// What a client knows per symbol: its last Quote and last Trade, from live ticks and from snapshots alike, each
/// kept only when its symbol sequence is newer than the one held (the Clone pattern's rule). Thread-safe.
/// </summary>
public sealed class ClientState
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>How many (symbol, class) entries are held.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Takes a live Quote or Trade; other kinds are ignored.</summary>
    /// <param name="tick">The tick.</param>
    public void Apply(in TickView tick)
    {
        if (tick.Kind == TickKind.Quote)
        {
            Put(Encoding.ASCII.GetString(tick.Symbol) + " Q", new Entry(tick.SymbolSeq, tick.BidPrice, tick.BidSize, tick.AskPrice, tick.AskSize));
        }
        else if (tick.Kind == TickKind.Trade)
        {
            Put(Encoding.ASCII.GetString(tick.Symbol) + " T", new Entry(tick.SymbolSeq, tick.TradePrice, tick.TradeSize, 0, 0));
        }
    }

    /// <summary>Takes a Snapshot message (topic and frame) from a gateway.</summary>
    /// <param name="message">The message.</param>
    /// <returns>False when it is not a Snapshot.</returns>
    public bool ApplySnapshot(ReadOnlySpan<byte> message)
    {
        var frame = Topic.TrySplit(message, out _, out var body) ? body : message;
        if (!SnapshotDecoder.TryWrap(frame, out var snapshot, out _))
        {
            return false;
        }

        var raw = snapshot.Symbol;
        var end = raw.IndexOf((byte)0);
        var symbol = Encoding.ASCII.GetString(end < 0 ? raw : raw[..end]);
        if (snapshot.QuoteSymbolSeq != ulong.MaxValue)
        {
            Put(symbol + " Q", new Entry(snapshot.QuoteSymbolSeq, snapshot.BidPrice.Mantissa, snapshot.BidSize, snapshot.AskPrice.Mantissa, snapshot.AskSize));
        }

        if (snapshot.TradeSymbolSeq != ulong.MaxValue)
        {
            Put(symbol + " T", new Entry(snapshot.TradeSymbolSeq, snapshot.LastPrice.Mantissa, snapshot.LastSize, 0, 0));
        }

        return true;
    }

    /// <summary>The state as sorted text lines: <c>SYMBOL Q seq bid bidSize ask askSize</c> or <c>SYMBOL T seq price size 0 0</c>.</summary>
    /// <returns>The lines.</returns>
    public IReadOnlyList<string> Lines()
    {
        lock (_lock)
        {
            var lines = new List<string>(_entries.Count);
            foreach (var (key, e) in _entries)
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{key} {e.Seq} {e.Price} {e.Size} {e.AskPrice} {e.AskSize}"));
            }

            return lines;
        }
    }

    /// <summary>What differs between two states' lines; empty when they are equal.</summary>
    /// <param name="expected">The reference's lines.</param>
    /// <param name="actual">The client's lines.</param>
    /// <returns>One description per differing (symbol, class).</returns>
    public static IReadOnlyList<string> Differences(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        static Dictionary<string, string> ByKey(IReadOnlyList<string> lines)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in lines)
            {
                var parts = line.Split(' ', 3);
                map[parts[0] + " " + parts[1]] = line;
            }

            return map;
        }

        var want = ByKey(expected);
        var have = ByKey(actual);
        var differences = new List<string>();
        foreach (var (key, line) in want)
        {
            if (!have.TryGetValue(key, out var other))
            {
                differences.Add($"{key}: expected '{line}', missing");
            }
            else if (!string.Equals(line, other, StringComparison.Ordinal))
            {
                differences.Add($"{key}: expected '{line}', got '{other}'");
            }
        }

        foreach (var (key, line) in have)
        {
            if (!want.ContainsKey(key))
            {
                differences.Add($"{key}: not expected, got '{line}'");
            }
        }

        return differences;
    }

    private void Put(string key, Entry entry)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var held) || entry.Seq > held.Seq)
            {
                _entries[key] = entry;
            }
        }
    }

    private readonly record struct Entry(ulong Seq, long Price, long Size, long AskPrice, long AskSize);
}
