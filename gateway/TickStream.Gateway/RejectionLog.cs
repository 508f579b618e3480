using Microsoft.Extensions.Logging;
using TickStream.Recovery;
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

    private readonly ILogger _logger;
    private readonly LogRateLimit _limit;
    private readonly string _upstream;

    /// <summary>Creates the log.</summary>
    /// <param name="logger">Where to write.</param>
    /// <param name="linesPerSecond">At most this many lines per second.</param>
    /// <param name="upstream">Which upstream the messages come from, as far as it is known.</param>
    public RejectionLog(ILogger logger, int linesPerSecond, string upstream)
    {
        _logger = logger;
        _limit = new LogRateLimit(linesPerSecond);
        _upstream = upstream;
    }

    /// <summary>Lines written about single messages.</summary>
    public long Written => _limit.Granted;

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

        var granted = _limit.TryGrant(nowMs, out var before, out var seconds);
        if (before > 0)
        {
            SuppressedLines++;
            GatewayLog.UpstreamDropsSuppressed(_logger, before, seconds, _limit.LinesPerSecond);
        }

        if (granted)
        {
            GatewayLog.UpstreamMessageDropped(_logger, cause, FrameValidator.Describe(cause), message.Length, _upstream,
                Convert.ToHexString(message[..Math.Min(message.Length, HeadBytes)]));
        }
    }

    /// <summary>Writes the suppressed count, if any: called once a second and when the gateway stops.</summary>
    /// <param name="nowMs">A millisecond clock (<see cref="Environment.TickCount64"/>).</param>
    public void Flush(long nowMs)
    {
        if (_limit.TakeSuppressed(nowMs, out var count, out var seconds))
        {
            SuppressedLines++;
            GatewayLog.UpstreamDropsSuppressed(_logger, count, seconds, _limit.LinesPerSecond);
        }
    }
}
