using System.Diagnostics.CodeAnalysis;

namespace TickStream.Disruptor;

/// <summary>How many threads may claim and publish slots of a ring.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Single means one producer thread (the Disruptor term), not System.Single.")]
public enum ProducerType
{
    /// <summary>Exactly one publishing thread: plain counters, no atomic instruction per claim (the fast path).</summary>
    Single,

    /// <summary>Any number of publishing threads: claims by compare-and-swap on the cursor and a per-slot
    /// availability flag, so consumers never read a slot whose producer has not published yet.</summary>
    Multi,
}
