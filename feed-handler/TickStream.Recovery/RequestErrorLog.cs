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
    private const long WindowMs = 1000;
    private readonly ILogger _logger;
    private readonly int _linesPerSecond;
    private long _windowStart = long.MinValue / 2;
    private int _lines;
    private long _suppressed;

    /// <summary>Creates the log.</summary>
    /// <param name="logger">Where to write; null for nowhere.</param>
    /// <param name="linesPerSecond">At most this many lines a second.</param>
    public RequestErrorLog(ILogger? logger, int linesPerSecond)
    {
        _logger = logger ?? NullLogger.Instance;
        _linesPerSecond = linesPerSecond;
    }

    /// <summary>Lines written.</summary>
    public long Written { get; private set; }

    /// <summary>One error reply.</summary>
    /// <param name="error">What the reply says was expected.</param>
    /// <param name="nowMs"><see cref="Environment.TickCount64"/>.</param>
    public void Report(string error, long nowMs)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        if (nowMs - _windowStart >= WindowMs)
        {
            _windowStart = nowMs;
            _lines = 0;
        }

        if (_lines >= _linesPerSecond)
        {
            _suppressed++;
            return;
        }

        _lines++;
        Written++;
        BadRequest(_logger, error, _suppressed);
        _suppressed = 0;
    }

    [LoggerMessage(1, LogLevel.Information, "Request answered with ERROR {Error} ({Suppressed} earlier error replies not logged: rate limit)")]
    private static partial void BadRequest(ILogger logger, string error, long suppressed);
}
