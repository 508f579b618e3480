using System.Runtime.CompilerServices;

namespace TickStream.Disruptor.Tests;

public class FrameSlotTests
{
    [InlineArray(256)]
    internal struct FrameBytes
    {
        private byte _first;
    }

    internal struct FrameSlot
    {
        public FrameBytes Frame;
        public int Length;
    }

    internal sealed class FrameTotals
    {
        public long Frames;
        public long ByteSum;
        public long Mismatches;
    }

    internal struct FrameCheckingHandler(FrameTotals totals) : IEventHandler<FrameSlot>
    {
        public readonly void OnEvent(ref FrameSlot evt, long sequence, bool endOfBatch)
        {
            ReadOnlySpan<byte> frame = ((ReadOnlySpan<byte>)evt.Frame)[..evt.Length];
            if (frame.Length != 1 + (int)(sequence % 200) || frame[0] != (byte)sequence)
            {
                totals.Mismatches++;
            }

            foreach (byte b in frame)
            {
                totals.ByteSum += b;
            }

            Volatile.Write(ref totals.Frames, totals.Frames + 1);
        }

        public readonly void OnBatchStart(long batchSize)
        {
        }

        public readonly void OnTimeout(long sequence)
        {
        }

        public readonly void OnStart()
        {
        }

        public readonly void OnShutdown()
        {
        }
    }

    [Fact]
    public void InlineArraySlot_WrittenInPlaceByProducer_ReadInPlaceByHandler()
    {
        const int Frames = 20_000;
        var totals = new FrameTotals();
        using var pipeline = new RingPipeline<FrameSlot>(256);
        pipeline.HandleEventsWith(new FrameCheckingHandler(totals));
        pipeline.Start();
        var ring = pipeline.RingBuffer;
        long expectedSum = 0;
        for (int i = 0; i < Frames; i++)
        {
            Assert.True(ring.TryClaim(out long sequence));
            ref FrameSlot slot = ref ring[sequence];
            Span<byte> frame = slot.Frame;
            int length = 1 + (int)(sequence % 200);
            frame[..length].Fill((byte)sequence);
            slot.Length = length;
            expectedSum += (long)length * (byte)sequence;
            ring.Publish(sequence);
        }

        Assert.True(pipeline.Shutdown(TimeSpan.FromSeconds(30)));
        Assert.Equal(Frames, totals.Frames);
        Assert.Equal(0, totals.Mismatches);
        Assert.Equal(expectedSum, totals.ByteSum);

        // The frame lives inside the slot (no reference to a separate buffer).
        Assert.Equal(256 + sizeof(int), Unsafe.SizeOf<FrameSlot>());
        Assert.False(RuntimeHelpers.IsReferenceOrContainsReferences<FrameSlot>());
    }
}
