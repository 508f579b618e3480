namespace TickStream.Sources;

/// <summary>Receives the ticks of a source.</summary>
public interface ITickSink
{
    /// <summary>
    /// Called on the source's thread for every tick, in order. The tick is only valid during the call; the
    /// implementation must not allocate or block for long.
    /// </summary>
    /// <param name="tick">The tick, passed by reference to avoid a copy.</param>
    void OnTick(ref RawTick tick);
}
