namespace TickStream.Recovery;

/// <summary>
/// The budget of a log that must not flood: at most a number of lines per second about single events; past it the
/// events are only counted, and <see cref="TakeSuppressed"/> hands the count over for one summary line (called once
/// a second and at the end). Shared by the logs of malformed input, rejected upstream messages and bad requests.
/// Not thread-safe: one per thread that reports.
/// </summary>
/// <param name="linesPerSecond">Lines about single events per second; 0 logs only the counts.</param>
public sealed class LogRateLimit(int linesPerSecond)
{
    private const long WindowMs = 1000;
    private long _windowStart = long.MinValue / 2;
    private int _lines;
    private long _suppressed;
    private long _suppressedSince;

    /// <summary>Lines about single events per second.</summary>
    public int LinesPerSecond => linesPerSecond;

    /// <summary>Lines granted so far.</summary>
    public long Granted { get; private set; }

    /// <summary>Events counted but not granted a line, not yet handed over.</summary>
    public long Suppressed => _suppressed;

    /// <summary>Whether one more event may have a line of its own now; if not, it is counted as suppressed.</summary>
    /// <param name="nowMs">A millisecond clock (<see cref="Environment.TickCount64"/>).</param>
    /// <param name="suppressedBefore">When a new second starts: events suppressed before it and not yet handed over, for a summary line first; else 0.</param>
    /// <param name="suppressedSeconds">Over how many seconds those were suppressed.</param>
    /// <returns>True: write the line.</returns>
    public bool TryGrant(long nowMs, out long suppressedBefore, out double suppressedSeconds)
    {
        suppressedBefore = 0;
        suppressedSeconds = 0;
        if (nowMs - _windowStart >= WindowMs)
        {
            TakeSuppressed(nowMs, out suppressedBefore, out suppressedSeconds);
            _windowStart = nowMs;
            _lines = 0;
        }

        if (_lines < linesPerSecond)
        {
            _lines++;
            Granted++;
            return true;
        }

        if (_suppressed++ == 0)
        {
            _suppressedSince = nowMs;
        }

        return false;
    }

    /// <summary>Hands over the suppressed count (and for how long they were suppressed) and resets it.</summary>
    /// <param name="nowMs">A millisecond clock (<see cref="Environment.TickCount64"/>).</param>
    /// <param name="count">Events suppressed since the last hand-over.</param>
    /// <param name="seconds">Over how many seconds.</param>
    /// <returns>False when nothing was suppressed.</returns>
    public bool TakeSuppressed(long nowMs, out long count, out double seconds)
    {
        count = _suppressed;
        seconds = Math.Max(0, nowMs - _suppressedSince) / 1000.0;
        _suppressed = 0;
        return count > 0;
    }
}
