using TickStream.Disruptor;
using TickStream.Recovery;

namespace TickStream.FeedHandler;

/// <summary>
/// The ring consumer that keeps the retransmission window: every frame as it was published, copied into the
/// window's preallocated pages (no allocation, no lock). The request service reads the window from its own thread.
/// </summary>
/// <param name="window">The window, written only on this processor's thread.</param>
public readonly struct WindowHandler(RetransmitWindow window) : IEventHandler<FrameSlot>
{
    /// <inheritdoc />
    public void OnEvent(ref FrameSlot evt, long sequence, bool endOfBatch) => window.Append(evt.Message);

    /// <inheritdoc />
    public void OnBatchStart(long batchSize)
    {
    }

    /// <inheritdoc />
    public void OnTimeout(long sequence)
    {
    }

    /// <inheritdoc />
    public void OnStart()
    {
    }

    /// <inheritdoc />
    public void OnShutdown()
    {
    }
}
