using Microsoft.Extensions.Logging;

namespace TickStream.FeedHandler;

/// <summary>The feed handler's log messages, compiled once (no formatting work when a level is off).</summary>
internal static partial class FeedLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Publishing on {Endpoint} (ring {RingSize} slots, {Policy} when full)")]
    public static partial void Publishing(ILogger logger, string endpoint, int ringSize, Disruptor.FullRingPolicy policy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {StreamId} reads {Source}")]
    public static partial void StreamStarted(ILogger logger, ushort streamId, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source} ended: {Counters}")]
    public static partial void SourceEnded(ILogger logger, string source, Sources.SourceCounters counters);

    [LoggerMessage(Level = LogLevel.Error, Message = "Source {Source} failed and stopped")]
    public static partial void SourceFailed(ILogger logger, Exception exception, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source thread {Thread} did not stop within {Timeout}")]
    public static partial void SourceDidNotStop(ILogger logger, string? thread, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped ({Drained}): {Counters}")]
    public static partial void Stopped(ILogger logger, string drained, FeedCounters counters);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ring handler {Handler} failed on sequence {Sequence}; going on")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string handler, long sequence);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ring handler {Handler} failed to start or stop")]
    public static partial void HandlerLifecycleFailed(ILogger logger, Exception exception, string handler);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Fault}; frames are still published")]
    public static partial void JournalFailing(ILogger logger, Journal.JournalWriteFault fault);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Fault}")]
    public static partial void JournalResumed(ILogger logger, Journal.JournalWriteFault fault);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source}: malformed input at {Location}: {Reason}")]
    public static partial void MalformedInput(ILogger logger, string source, string location, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source}: {Count} more malformed inputs in {Seconds:0.0} s not logged one by one (at most {Limit} lines a second); counted by reason at the end")]
    public static partial void MalformedSuppressed(ILogger logger, string source, long count, double seconds, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source}: {Total} malformed inputs by reason: {ByReason}")]
    public static partial void MalformedSummary(ILogger logger, string source, long total, string byReason);
}
