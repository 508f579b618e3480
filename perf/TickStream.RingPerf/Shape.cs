namespace TickStream.RingPerf;

/// <summary>Consumer graph of a throughput run.</summary>
internal enum Shape
{
    /// <summary>One producer, one consumer.</summary>
    OneToOne,

    /// <summary>One producer, three consumers in a chain: each sees an event after the one before it.</summary>
    Chain,

    /// <summary>One producer, two consumers in parallel and a third behind both (ring only).</summary>
    Diamond,
}
