using System.Text;
using Microsoft.Extensions.Logging;
using TickStream.Recovery;
using TickStream.Sources;

namespace TickStream.FeedHandler;

/// <summary>
/// Logs a source's malformed input: one line per bad row or message (where and why) up to a number of lines per
/// second, then only counts, with one line per second saying how many more there were; at the end a summary of
/// the counts by reason. One per source, called on the source's thread (<see cref="SourceCounters.ErrorReported"/>).
/// </summary>
public sealed class SourceErrorLog
{
    private readonly ILogger _logger;
    private readonly string _source;
    private readonly LogRateLimit _limit;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _byReason = new(StringComparer.Ordinal);

    /// <summary>Creates the log of one source.</summary>
    /// <param name="logger">Where to write.</param>
    /// <param name="source">The source's name.</param>
    /// <param name="linesPerSecond">Lines about single inputs per second.</param>
    public SourceErrorLog(ILogger logger, string source, int linesPerSecond)
    {
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _source = source;
        _limit = new LogRateLimit(linesPerSecond);
    }

    /// <summary>Lines written about single inputs.</summary>
    public long Written => _limit.Granted;

    /// <summary>Malformed inputs counted, by reason (the reason with its quoted values and numbers left out).</summary>
    public IReadOnlyDictionary<string, long> ByReason
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, long>(_byReason, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>One malformed input.</summary>
    /// <param name="error">Where and why.</param>
    public void Report(SourceError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var kind = ReasonKind(error.Reason);
        lock (_lock)
        {
            _byReason[kind] = _byReason.GetValueOrDefault(kind) + 1;
        }

        var now = Environment.TickCount64;
        var granted = _limit.TryGrant(now, out var before, out var seconds);
        if (before > 0)
        {
            FeedLog.MalformedSuppressed(_logger, _source, before, seconds, _limit.LinesPerSecond);
        }

        if (granted)
        {
            FeedLog.MalformedInput(_logger, _source, error.Location, error.Reason);
        }
    }

    /// <summary>Writes what was suppressed and not yet said, then the counts by reason, if anything was malformed.</summary>
    public void Summarise()
    {
        if (_limit.TakeSuppressed(Environment.TickCount64, out var count, out var seconds))
        {
            FeedLog.MalformedSuppressed(_logger, _source, count, seconds, _limit.LinesPerSecond);
        }

        var counts = ByReason;
        if (counts.Count == 0)
        {
            return;
        }

        var keys = new List<string>(counts.Keys);
        keys.Sort(StringComparer.Ordinal);
        var text = new StringBuilder();
        long total = 0;
        foreach (var key in keys)
        {
            total += counts[key];
            text.Append(text.Length == 0 ? "" : "; ").Append(counts[key]).Append(" x ").Append(key);
        }

        FeedLog.MalformedSummary(_logger, _source, total, text.ToString());
    }

    /// <summary>
    /// The reason without the values that differ from one input to the next: quoted text becomes '...' and numbers
    /// N, so "price 'abc' is not ..." and "price 'x1' is not ..." count together.
    /// </summary>
    /// <param name="reason">The reason of one input.</param>
    /// <returns>The kind of reason.</returns>
    public static string ReasonKind(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var text = new StringBuilder(reason.Length);
        var quoted = false;
        var inNumber = false;
        for (var i = 0; i < reason.Length; i++)
        {
            var c = reason[i];
            var digit = !quoted && char.IsAsciiDigit(c);
            if (digit && !inNumber)
            {
                text.Append('N');
            }

            inNumber = digit;
            if (digit)
            {
                continue;
            }

            if (c == '\'')
            {
                text.Append(quoted ? "...'" : "'");
                quoted = !quoted;
            }
            else if (!quoted)
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
