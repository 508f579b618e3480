namespace TickStream.Sources.Tests;

/// <summary>Counts ticks and folds their fields into a checksum, allocating nothing.</summary>
internal sealed class CountingSink : ITickSink
{
    public long Count { get; private set; }

    public long Checksum { get; private set; }

    public void OnTick(ref RawTick tick)
    {
        Count++;
        Checksum = unchecked((Checksum * 31) + tick.InstrumentId + tick.Price + tick.BidPrice + tick.AskSize);
    }
}
