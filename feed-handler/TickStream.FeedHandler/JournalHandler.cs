using TickStream.Disruptor;
using TickStream.Journal;
using TickStream.Wire;

namespace TickStream.FeedHandler;

/// <summary>
/// The ring consumer that journals every frame as it was published (topic and SBE frame), stamped with the time it
/// was journaled. It hands each batch to the OS at its end, and the writer's policy decides when to fsync.
/// </summary>
/// <param name="writer">The journal, used only on the processor thread.</param>
public readonly struct JournalHandler(JournalWriter writer) : IEventHandler<FrameSlot>
{
    /// <inheritdoc />
    public void OnEvent(ref FrameSlot evt, long sequence, bool endOfBatch)
    {
        writer.Append(evt.Message, WireClock.NowNanoseconds());
        if (endOfBatch)
        {
            writer.Flush();
        }
    }

    /// <inheritdoc />
    public void OnBatchStart(long batchSize)
    {
    }

    /// <inheritdoc />
    public void OnTimeout(long sequence) => writer.Flush();

    /// <inheritdoc />
    public void OnStart()
    {
    }

    /// <inheritdoc />
    public void OnShutdown() => writer.Sync();
}
