using TickStream.Disruptor;
using TickStream.Journal;
using TickStream.Wire;

namespace TickStream.FeedHandler;

/// <summary>
/// The ring consumer that journals every frame as it was published (topic and SBE frame), stamped with the time it
/// was journaled, and the heartbeats the publisher sent between them. It hands each batch to the OS at its end,
/// and the writer's policy decides when to fsync.
/// </summary>
/// <param name="writer">The journal, used only on the processor thread.</param>
/// <param name="heartbeats">The heartbeats the publisher sent, journaled after the frame each followed; none when null.</param>
public readonly struct JournalHandler(JournalWriter writer, JournalHeartbeats? heartbeats = null) : IEventHandler<FrameSlot>
{
    /// <inheritdoc />
    public void OnEvent(ref FrameSlot evt, long sequence, bool endOfBatch)
    {
        var now = WireClock.NowNanoseconds();

        // A heartbeat that went out before this frame (after the one before it) goes first; usually none is queued,
        // and checking costs one read of the queue's tail.
        if (heartbeats is { } queued && queued.HasAny())
        {
            queued.WriteUpTo(sequence - 1, writer, now);
        }

        writer.Append(evt.Message, now);
        if (endOfBatch)
        {
            if (heartbeats is { } afterBatch && afterBatch.HasAny())
            {
                afterBatch.WriteUpTo(sequence, writer, now);
            }

            writer.Flush();
        }
    }

    /// <inheritdoc />
    public void OnBatchStart(long batchSize)
    {
    }

    /// <inheritdoc />
    public void OnTimeout(long sequence)
    {
        // Idle: the heartbeats of an idle feed are journaled here.
        if (heartbeats is { } queued && queued.HasAny())
        {
            queued.WriteUpTo(sequence, writer, WireClock.NowNanoseconds());
        }

        writer.Flush();
    }

    /// <inheritdoc />
    public void OnStart()
    {
    }

    /// <inheritdoc />
    public void OnShutdown()
    {
        heartbeats?.WriteUpTo(long.MaxValue, writer, WireClock.NowNanoseconds());
        writer.Sync();
    }
}
