using System.Runtime.CompilerServices;

namespace TickStream.Disruptor.Tests;

public class RingBufferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Constructor_SizeNotPowerOfTwo_Throws(int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RingBuffer<TestEvent>(size));
    }

    [Fact]
    public void Indexer_SameSlotOneLapLater_ReturnsSameReference()
    {
        var ring = new RingBuffer<TestEvent>(16);
        ring[3].Value = 77;
        Assert.True(Unsafe.AreSame(ref ring[3], ref ring[3 + 16]));
        Assert.Equal(77, ring[19].Value);
        Assert.False(Unsafe.AreSame(ref ring[3], ref ring[4]));
    }

    [Theory]
    [InlineData(ProducerType.Single)]
    [InlineData(ProducerType.Multi)]
    public void Next_BatchClaim_ReturnsHighestOfConsecutiveRange(ProducerType producerType)
    {
        var ring = new RingBuffer<TestEvent>(16, producerType);
        ring.SetGatingSequences(new Sequence());
        Assert.Equal(0, ring.Next());
        Assert.Equal(4, ring.Next(4));
        Assert.True(ring.TryNext(3, out long highest));
        Assert.Equal(7, highest);
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Next(17));
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Next(0));
    }

    [Theory]
    [InlineData(ProducerType.Single)]
    [InlineData(ProducerType.Multi)]
    public void TryClaim_DropPolicyOnFullRing_CountsEachFailedClaim(ProducerType producerType)
    {
        var ring = new RingBuffer<TestEvent>(8, producerType, new YieldingWaitStrategy(), FullRingPolicy.Drop);
        var consumer = new Sequence();
        ring.SetGatingSequences(consumer);

        for (int i = 0; i < 8; i++)
        {
            Assert.True(ring.TryClaim(out long sequence));
            ring.Publish(sequence);
        }

        for (int i = 0; i < 5; i++)
        {
            Assert.False(ring.TryClaim(out _));
        }

        Assert.False(ring.TryClaim(2, out _));
        Assert.Equal(6, ring.DroppedCount);
        Assert.Equal(0, ring.RemainingCapacity);

        // The consumer frees four slots: exactly four more claims fit.
        consumer.SetValue(3);
        for (int i = 0; i < 4; i++)
        {
            Assert.True(ring.TryClaim(out long sequence));
            Assert.Equal(8 + i, sequence);
            ring.Publish(sequence);
        }

        Assert.False(ring.TryClaim(out _));
        Assert.Equal(7, ring.DroppedCount);
        Assert.Equal(11, ring.Cursor);
    }

    [Theory]
    [InlineData(ProducerType.Single)]
    [InlineData(ProducerType.Multi)]
    public void TryNext_FullRing_FailsWithoutCountingDrop(ProducerType producerType)
    {
        var ring = new RingBuffer<TestEvent>(4, producerType, fullRingPolicy: FullRingPolicy.Drop);
        ring.SetGatingSequences(new Sequence());
        Assert.True(ring.TryNext(4, out _));
        Assert.False(ring.TryNext(out _));
        Assert.Equal(0, ring.DroppedCount);
    }

    [Theory]
    [InlineData(ProducerType.Single)]
    [InlineData(ProducerType.Multi)]
    public async Task TryClaim_BlockPolicyOnFullRing_WaitsUntilConsumerFreesSlot(ProducerType producerType)
    {
        var ring = new RingBuffer<TestEvent>(8, producerType, new BlockingWaitStrategy(), FullRingPolicy.Block);
        var consumer = new Sequence();
        ring.SetGatingSequences(consumer);
        for (int i = 0; i < 8; i++)
        {
            Assert.True(ring.TryClaim(out long sequence));
            ring.Publish(sequence);
        }

        long claimed = -1;
        var producer = Task.Run(() =>
        {
            Assert.True(ring.TryClaim(out long sequence));
            Volatile.Write(ref claimed, sequence);
            ring.Publish(sequence);
        }, TestContext.Current.CancellationToken);

        // The producer must still be waiting a while later: the ring is full and nobody consumes.
        Assert.False(Poll.Until(() => producer.IsCompleted, TimeSpan.FromMilliseconds(200)));
        Assert.Equal(-1, Volatile.Read(ref claimed));

        consumer.SetValue(0);
        await producer.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(8, claimed);
        Assert.Equal(0, ring.DroppedCount);
    }

    [Fact]
    public void SequenceBarrier_MultiProducerGap_StopsBeforeUnpublishedSlot()
    {
        var ring = new RingBuffer<TestEvent>(8, ProducerType.Multi, new YieldingWaitStrategy());
        ring.SetGatingSequences(new Sequence());
        var barrier = ring.NewBarrier();
        long first = ring.Next();
        long second = ring.Next();
        long third = ring.Next();
        ring.Publish(first);
        ring.Publish(third);

        // Slot 1 is claimed but not published: a consumer may read slot 0 only.
        Assert.Equal(0, barrier.WaitFor(0));
        ring.Publish(second);
        Assert.Equal(2, barrier.WaitFor(0));
    }

    [Fact]
    public void Publish_Range_MakesWholeBatchVisible()
    {
        var ring = new RingBuffer<TestEvent>(8, ProducerType.Multi, new YieldingWaitStrategy());
        ring.SetGatingSequences(new Sequence());
        var barrier = ring.NewBarrier();
        long hi = ring.Next(5);
        for (long s = hi - 4; s <= hi; s++)
        {
            ring[s].Value = s * 10;
        }

        ring.Publish(hi - 4, hi);
        Assert.Equal(4, barrier.WaitFor(0));
        Assert.Equal(40, ring[4].Value);
    }
}
