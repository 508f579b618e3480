namespace TickStream.Disruptor;

/// <summary>Receives exceptions thrown by event handlers; the processor counts them and goes on.</summary>
/// <remarks>Called on the processor thread; an implementation must not throw (what it throws is swallowed so
/// the pipeline survives).</remarks>
public interface IExceptionHandler
{
    /// <summary>A handler threw while processing <paramref name="sequence"/>; that event is skipped for this
    /// handler and processing goes on with the next one.</summary>
    /// <param name="exception">What was thrown.</param>
    /// <param name="sequence">The sequence of the event being handled.</param>
    /// <param name="handlerName">The handler's type name.</param>
    void HandleEventException(Exception exception, long sequence, string handlerName);

    /// <summary>A handler threw from <see cref="IEventHandler{T}.OnStart"/>,
    /// <see cref="IEventHandler{T}.OnShutdown"/>, <see cref="IEventHandler{T}.OnBatchStart"/> or
    /// <see cref="IEventHandler{T}.OnTimeout"/>.</summary>
    /// <param name="exception">What was thrown.</param>
    /// <param name="handlerName">The handler's type name.</param>
    void HandleLifecycleException(Exception exception, string handlerName);
}
