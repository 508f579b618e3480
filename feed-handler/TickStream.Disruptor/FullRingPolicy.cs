namespace TickStream.Disruptor;

/// <summary>What <see cref="RingBuffer{T}.TryClaim(out long)"/> does when the ring is full, that is when the
/// slowest consumer at the end of the graph is a whole ring behind the producer.</summary>
public enum FullRingPolicy
{
    /// <summary>Back-pressure: the producer waits (spin, yield, then sleep) until the slowest consumer frees a slot;
    /// the claim always succeeds. Nothing is lost; the producer slows to the consumers' pace. The default.</summary>
    Block,

    /// <summary>The claim fails at once, the event is not written, and <see cref="RingBuffer{T}.DroppedCount"/> is
    /// incremented. The producer never waits; consumers see a gap-free sequence of the events that fitted.</summary>
    Drop,
}
