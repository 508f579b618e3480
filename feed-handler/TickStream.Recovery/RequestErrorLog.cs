using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TickStream.Recovery;

/// <summary>
/// Logs requests answered with an ERROR, one line each, at most a number of lines per second; past it they are only
/// counted, and the next line says how many were not logged, so a client sending garbage cannot flood the log.
/// Used by the service's one thread.
/// </summary>
public sealed partial class RequestErrorLog
{
    private readonly ILogger _logger;
    private readonly LogRateLimit _limit;

    /// <summary>Creates the log.</summary>
    /// <param name="logger">Where to write; null for nowhere.</param>
    /// <param name="linesPerSecond">At most this many lines a second.</param>
    public RequestErrorLog(ILogger? logger, int linesPerSecond)
    {
        _logger = logger ?? NullLogger.Instance;
        _limit = new LogRateLimit(linesPerSecond);
    }

    /// <summary>Lines written.</summary>
    public long Written => _limit.Granted;

    /// <summary>One error reply.</summary>
    /// <param name="error">What the reply says was expected.</param>
    /// <param name="nowMs"><see cref="Environment.TickCount64"/>.</param>
    public void Report(string error, long nowMs)
    {
        // Replies suppressed in a second are handed over when the next second starts, with its first line.
        if (_logger.IsEnabled(LogLevel.Information) && _limit.TryGrant(nowMs, out var suppressed, out _))
        {
            BadRequest(_logger, error, suppressed);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Request answered with ERROR {Error} ({Suppressed} earlier error replies not logged: rate limit)")]
    private static partial void BadRequest(ILogger logger, string error, long suppressed);
}
