using System.Diagnostics.CodeAnalysis;

namespace TickStream.Disruptor;

/// <summary>
/// Processes the events of a ring on one processor thread. Implement it on a <c>struct</c>: processors take the
/// handler as a type parameter constrained to <c>struct</c>, so the JIT devirtualises and can inline every call.
/// </summary>
/// <remarks>
/// The processor keeps its own copy of the handler value. To read results out of a running pipeline, let the
/// handler hold a reference to an object (counters, a journal writer) and read that object; after a halt the
/// copy is also reachable through <see cref="BatchEventProcessor{T, THandler}.Handler"/>. Every member is called
/// on the processor thread only. An exception thrown by any member goes to the pipeline's
/// <see cref="IExceptionHandler"/>, is counted, and processing goes on with the next event.
/// </remarks>
/// <typeparam name="T">The slot type of the ring.</typeparam>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "IEventHandler is the LMAX Disruptor term; it is not a .NET event delegate.")]
public interface IEventHandler<T>
    where T : struct
{
    /// <summary>Handles one published event, in sequence order.</summary>
    /// <param name="evt">The slot, by reference: read it in place, do not keep the reference after returning.</param>
    /// <param name="sequence">The event's sequence number.</param>
    /// <param name="endOfBatch">Whether this is the last event available now: the moment to flush.</param>
    void OnEvent(ref T evt, long sequence, bool endOfBatch);

    /// <summary>Called before the first <see cref="OnEvent"/> of each batch.</summary>
    /// <param name="batchSize">How many events the batch holds.</param>
    void OnBatchStart(long batchSize);

    /// <summary>Called when a <see cref="TimeoutBlockingWaitStrategy"/> timeout elapsed with no new event (for
    /// heartbeats on an idle stream). Never called with other wait strategies.</summary>
    /// <param name="sequence">The last sequence this processor handled.</param>
    void OnTimeout(long sequence);

    /// <summary>Called once on the processor thread before the first event.</summary>
    void OnStart();

    /// <summary>Called once on the processor thread after the last event, when the processor halts.</summary>
    void OnShutdown();
}
