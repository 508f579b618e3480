using System.Diagnostics.CodeAnalysis;

namespace TickStream.Disruptor;

/// <summary>
/// A processor's calls of its handler's callbacks other than <see cref="IEventHandler{T}.OnEvent"/>, and the report
/// of whatever any handler call throws: logged through the exception handler and counted, never out of the
/// processor, so that a throwing handler never stops the pipeline behind it.
/// </summary>
/// <param name="exceptionHandler">Where exceptions go; standard error when null.</param>
/// <param name="processorName">The processor's name, given to the exception handler.</param>
internal sealed class HandlerExceptionGuard(IExceptionHandler? exceptionHandler, string processorName)
{
    private readonly IExceptionHandler _exceptionHandler = exceptionHandler ?? new TextWriterExceptionHandler();
    private long _count;

    /// <summary>How many exceptions were reported.</summary>
    internal long Count => Volatile.Read(ref _count);

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A throwing handler is logged and counted; the pipeline must go on.")]
    internal void OnStart<T, THandler>(ref THandler handler)
        where T : struct
        where THandler : struct, IEventHandler<T>
    {
        try
        {
            handler.OnStart();
        }
        catch (Exception ex)
        {
            ReportLifecycle(ex);
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A throwing handler is logged and counted; the pipeline must go on.")]
    internal void OnShutdown<T, THandler>(ref THandler handler)
        where T : struct
        where THandler : struct, IEventHandler<T>
    {
        try
        {
            handler.OnShutdown();
        }
        catch (Exception ex)
        {
            ReportLifecycle(ex);
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A throwing handler is logged and counted; the pipeline must go on.")]
    internal void OnBatchStart<T, THandler>(ref THandler handler, long batchSize)
        where T : struct
        where THandler : struct, IEventHandler<T>
    {
        try
        {
            handler.OnBatchStart(batchSize);
        }
        catch (Exception ex)
        {
            ReportLifecycle(ex);
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A throwing handler is logged and counted; the pipeline must go on.")]
    internal void OnTimeout<T, THandler>(ref THandler handler, long lastSequence)
        where T : struct
        where THandler : struct, IEventHandler<T>
    {
        try
        {
            handler.OnTimeout(lastSequence);
        }
        catch (Exception ex)
        {
            ReportLifecycle(ex);
        }
    }

    /// <summary>Reports an exception <see cref="IEventHandler{T}.OnEvent"/> threw for <paramref name="sequence"/>.</summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "An exception handler must not stop the processor.")]
    internal void ReportEvent(Exception ex, long sequence)
    {
        Interlocked.Increment(ref _count);
        try
        {
            _exceptionHandler.HandleEventException(ex, sequence, processorName);
        }
        catch
        {
            // Nothing more can be done with an exception from the exception handler.
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "An exception handler must not stop the processor.")]
    private void ReportLifecycle(Exception ex)
    {
        Interlocked.Increment(ref _count);
        try
        {
            _exceptionHandler.HandleLifecycleException(ex, processorName);
        }
        catch
        {
            // Nothing more can be done with an exception from the exception handler.
        }
    }
}
