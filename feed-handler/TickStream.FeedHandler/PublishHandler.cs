using TickStream.Disruptor;

namespace TickStream.FeedHandler;

/// <summary>The ring consumer that publishes: a struct so the processor's inner loop calls it directly.</summary>
/// <param name="publisher">The socket owner, used only on the processor thread.</param>
public readonly struct PublishHandler(FramePublisher publisher) : IEventHandler<FrameSlot>
{
    /// <inheritdoc />
    public void OnEvent(ref FrameSlot evt, long sequence, bool endOfBatch)
    {
        publisher.Send(ref evt);
        if (endOfBatch)
        {
            publisher.SendDueHeartbeats(sequence);
        }
    }

    /// <inheritdoc />
    public void OnBatchStart(long batchSize)
    {
    }

    /// <inheritdoc />
    public void OnTimeout(long sequence) => publisher.SendDueHeartbeats(sequence);

    /// <inheritdoc />
    public void OnStart()
    {
    }

    /// <inheritdoc />
    public void OnShutdown()
    {
    }
}
