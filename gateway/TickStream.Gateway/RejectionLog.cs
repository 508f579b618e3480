using Microsoft.Extensions.Logging;
using TickStream.Wire;

namespace TickStream.Gateway;

/// <summary>
/// Logs dropped upstream messages one line each, at most a number of lines per second; past it the drops are only
/// counted and one line per second says how many more there were, so a flood cannot swamp the log. Owned by the
/// proxy thread. Allocates only when it writes a line.
/// </summary>
internal sealed class RejectionLog
{
    /// <summary>Bytes of the message shown in hex.</summary>
    public const int HeadBytes = 32;

    private const long WindowMs = 1000;
    private readonly ILogger _logger;
    private readonly int _linesPerSecond;
    private readonly string _upstream;
    private long _windowStart = long.MinValue / 2;
    private int _lines;
    private long _suppressed;
    private long _suppressedSince;

    /// <summary>Creates the log.</summary>
    /// <param name="logger">Where to write.</param>
    /// <param name="linesPerSecond">At most this many lines per second.</param>
    /// <param name="upstream">Which upstream the messages come from, as far as it is known.</param>
    public RejectionLog(ILogger logger, int linesPerSecond, string upstream)
    {
        _logger = logger;
        _linesPerSecond = linesPerSecond;
        _upstream = upstream;
    }

    /// <summary>Lines written about single messages.</summary>
    public long Written { get; private set; }

    /// <summary>Lines written about suppressed messages.</summary>
    public long SuppressedLines { get; private set; }

    /// <summary>One dropped message.</summary>
    /// <param name="cause">Why.</param>
    /// <param name="message">Its bytes (the first part of a multipart message).</param>
    /// <param name="nowMs">A millisecond clock (<see cref="Environment.TickCount64"/>).</param>
    public void Report(FrameRejection cause, ReadOnlySpan<byte> message, long nowMs)
    {
        if (!_logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }

        if (nowMs - _windowStart >= WindowMs)
        {
            Flush(nowMs);
            _windowStart = nowMs;
            _lines = 0;
        }

        if (_lines < _linesPerSecond)
        {
            _lines++;
            Written++;
            GatewayLog.UpstreamMessageDropped(_logger, cause, FrameValidator.Describe(cause), message.Length, _upstream,
                Convert.ToHexString(message[..Math.Min(message.Length, HeadBytes)]));
            return;
        }

        if (_suppressed++ == 0)
        {
            _suppressedSince = nowMs;
        }
    }

    /// <summary>Writes the suppressed count, if any: called once a second and when the gateway stops.</summary>
    /// <param name="nowMs">A millisecond clock (<see cref="Environment.TickCount64"/>).</param>
    public void Flush(long nowMs)
    {
        if (_suppressed == 0)
        {
            return;
        }

        SuppressedLines++;
        GatewayLog.UpstreamDropsSuppressed(_logger, _suppressed, Math.Max(0, nowMs - _suppressedSince) / 1000.0, _linesPerSecond);
        _suppressed = 0;
    }
}
