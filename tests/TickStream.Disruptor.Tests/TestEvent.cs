namespace TickStream.Disruptor.Tests;

/// <summary>A 32-byte slot: producer id, the producer's own counter, and marks written by handlers.</summary>
internal struct TestEvent
{
    public long Value;
    public int Producer;
    public int Spare;
    public long FirstMark;
    public long SecondMark;
}
