using System.Runtime.CompilerServices;
using TickStream.Client;

namespace TickStream.Cli.Watch;

/// <summary>
/// The symbols <c>watch</c> received frames of, and the <c>--count</c> limit: what decides its exit code (a
/// symbol asked for that never showed up is unknown or silent, and the run did not do its job).
/// </summary>
internal sealed class SeenSymbols(long limit)
{
    private readonly HashSet<string> _symbols = new(StringComparer.Ordinal);
    private long _frames;

    /// <summary>Whether any frame of a symbol arrived.</summary>
    public bool Any => _symbols.Count > 0;

    /// <summary>Passes the records on, noting their symbols, and ends the run after <c>limit</c> frames (heartbeats included).</summary>
    public async IAsyncEnumerable<TickRecord> Take(IAsyncEnumerable<TickRecord> records, CancellationTokenSource run, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (record.Symbol.Length > 0)
            {
                _symbols.Add(record.Symbol);
            }

            _frames++;
            yield return record;
            if (limit > 0 && _frames >= limit)
            {
                await run.CancelAsync().ConfigureAwait(false);
                yield break;
            }
        }
    }

    /// <summary>The symbols of <paramref name="wanted"/> no frame arrived for.</summary>
    public IReadOnlyList<string> Missing(IReadOnlyList<string> wanted)
    {
        var missing = new List<string>();
        foreach (var symbol in wanted)
        {
            if (!_symbols.Contains(symbol))
            {
                missing.Add(symbol);
            }
        }

        return missing;
    }
}
