namespace TickStream.Sources;

/// <summary>A sink that also takes L2 book changes: sources with order books (ITCH) hand them here.</summary>
public interface IBookSink : ITickSink
{
    /// <summary>Takes the level changes of one instrument's book at one moment; called on the source's thread.</summary>
    /// <param name="instrumentId">The instrument, from the registry.</param>
    /// <param name="exchangeTimeNs">When the venue changed the book, ns since the epoch.</param>
    /// <param name="changes">The changed levels; valid only during the call.</param>
    void OnBookUpdate(int instrumentId, long exchangeTimeNs, ReadOnlySpan<BookLevelChange> changes);
}
