using System.Text;
using TickStream.Wire;

namespace TickStream.Gateway;

/// <summary>
/// The last value cache: per (stream, symbol) the last Quote and the last Trade with their symbol sequences, the
/// InstrumentDefinition, and per stream the last StreamStart. Owned by the proxy thread; no locks.
/// </summary>
/// <remarks>
/// Only frames that reach the gateway are cached: the topics its clients subscribe to, plus what the gateway
/// subscribes to itself (<see cref="GatewayOptions.CachePrefixes"/>). Applying a frame of a known symbol allocates
/// nothing; a new symbol allocates its entry once.
/// </remarks>
internal sealed class LastValueCache
{
    private readonly Dictionary<SymbolKey, CacheEntry> _entries = [];
    private readonly Dictionary<ushort, byte[]> _streamStarts = [];
    private readonly Dictionary<ushort, ulong> _sessions = [];

    public int Count => _entries.Count;

    public IEnumerable<CacheEntry> Entries => _entries.Values;

    public IEnumerable<byte[]> StreamStarts => _streamStarts.Values;

    /// <summary>
    /// Applies one message from upstream (the gateway has validated it). False when it is not a TickStream frame, or
    /// too long for a cache entry (a newer schema version's much longer block): then it is not cached.
    /// </summary>
    public bool Apply(ReadOnlySpan<byte> message)
    {
        if (!Topic.TrySplit(message, out var topic, out var frame))
        {
            return false;
        }

        switch ((TopicClass)topic[0])
        {
            case TopicClass.Quote:
                return ApplyQuote(frame);
            case TopicClass.Trade:
                return ApplyTrade(frame);
            case TopicClass.Instrument:
                return ApplyInstrument(message, frame);
            case TopicClass.StreamStart:
                return ApplyStreamStart(message, frame);
            default:
                return true;
        }
    }

    /// <summary>The entries of one symbol on every stream that carries it.</summary>
    public void Find(string symbol, List<CacheEntry> into)
    {
        foreach (var entry in _entries.Values)
        {
            if (entry.Symbol == symbol)
            {
                into.Add(entry);
            }
        }
    }

    private bool ApplyQuote(ReadOnlySpan<byte> frame)
    {
        if (!QuoteDecoder.TryWrap(frame, out var quote, out _) || frame.Length > CacheEntry.Capacity)
        {
            return false;
        }

        var entry = GetOrAdd(quote.StreamId, quote.Symbol);
        var seq = quote.SymbolSeq;
        if (seq > entry.QuoteSymbolSeq)
        {
            frame.CopyTo(entry.Quote);
            entry.QuoteLength = frame.Length;
            entry.QuoteSymbolSeq = seq;
        }

        return true;
    }

    private bool ApplyTrade(ReadOnlySpan<byte> frame)
    {
        if (!TradeDecoder.TryWrap(frame, out var trade, out _) || frame.Length > CacheEntry.Capacity)
        {
            return false;
        }

        var entry = GetOrAdd(trade.StreamId, trade.Symbol);
        var seq = trade.SymbolSeq;
        if (seq > entry.TradeSymbolSeq)
        {
            frame.CopyTo(entry.Trade);
            entry.TradeLength = frame.Length;
            entry.TradeSymbolSeq = seq;
        }

        return true;
    }

    private bool ApplyInstrument(ReadOnlySpan<byte> message, ReadOnlySpan<byte> frame)
    {
        if (!InstrumentDefinitionDecoder.TryWrap(frame, out var definition, out _) || message.Length > CacheEntry.Capacity)
        {
            return false;
        }

        var entry = GetOrAdd(definition.StreamId, definition.Symbol);
        message.CopyTo(entry.Instrument);
        entry.InstrumentLength = message.Length;
        return true;
    }

    private bool ApplyStreamStart(ReadOnlySpan<byte> message, ReadOnlySpan<byte> frame)
    {
        if (!StreamStartDecoder.TryWrap(frame, out var start, out _))
        {
            return false;
        }

        var streamId = start.StreamId;
        var sessionId = start.SessionId;
        if (_sessions.TryGetValue(streamId, out var known) && known == sessionId)
        {
            return true;
        }

        // A new session restarts every sequence of the stream at 1: what was cached belongs to the old one.
        _sessions[streamId] = sessionId;
        _streamStarts[streamId] = message.ToArray();
        foreach (var entry in _entries.Values)
        {
            if (entry.StreamId == streamId)
            {
                entry.Clear();
            }
        }

        return true;
    }

    private CacheEntry GetOrAdd(ushort streamId, ReadOnlySpan<byte> symbol)
    {
        var key = SymbolKey.Create(streamId, symbol);
        if (!_entries.TryGetValue(key, out var entry))
        {
            entry = new CacheEntry(streamId, Encoding.ASCII.GetString(symbol));
            _entries.Add(key, entry);
        }

        return entry;
    }
}
