namespace TickStream.Wire;

/// <summary>
/// What a subscription prefix takes: whether it can match any data frame (Trade, Quote, BookUpdate,
/// InstrumentDefinition), as opposed to the control frames alone (<c>H|</c>, <c>S|</c>).
/// </summary>
/// <remarks>
/// Publishers that wait for subscribers before finite data count only subscriptions that cover data: a
/// subscriber subscribes to <c>H|</c> and <c>S|</c> as well as to its symbols, often first, and waiting for those
/// alone would start the data before its own topics are subscribed.
/// </remarks>
public static class SubscriptionPrefix
{
    /// <summary>Whether a topic prefix matches some data frame: empty, or starting with any byte but a control class.</summary>
    /// <param name="prefix">The subscribed prefix (without XPUB's leading subscribe/unsubscribe byte).</param>
    /// <returns>True when a data frame can match it.</returns>
    public static bool CoversData(ReadOnlySpan<byte> prefix) =>
        prefix.IsEmpty || (prefix[0] != (byte)TopicClass.Heartbeat && prefix[0] != (byte)TopicClass.StreamStart);
}
