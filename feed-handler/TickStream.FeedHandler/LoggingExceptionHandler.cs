using Microsoft.Extensions.Logging;
using TickStream.Disruptor;

namespace TickStream.FeedHandler;

/// <summary>Logs what a ring handler throws; the ring counts it and goes on with the next frame.</summary>
/// <param name="logger">Where the exceptions go.</param>
public sealed class LoggingExceptionHandler(ILogger logger) : IExceptionHandler
{
    /// <inheritdoc />
    public void HandleEventException(Exception exception, long sequence, string handlerName) =>
        FeedLog.HandlerFailed(logger, exception, handlerName, sequence);

    /// <inheritdoc />
    public void HandleLifecycleException(Exception exception, string handlerName) =>
        FeedLog.HandlerLifecycleFailed(logger, exception, handlerName);
}
