using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TickStream.Disruptor.Tests;

public class LayoutTests
{
    private sealed class RawObject
    {
        public byte FirstByte;
    }

    [Fact]
    public void PaddedLong_HasValueAloneBetweenTwoCacheLines()
    {
        Assert.Equal(64 + 8 + 64, Unsafe.SizeOf<PaddedLong>());
        Assert.Equal(64, (int)Marshal.OffsetOf<PaddedLong>(nameof(PaddedLong.Value)));

        var padded = default(PaddedLong);
        long offset = (long)Unsafe.ByteOffset(ref Unsafe.As<PaddedLong, byte>(ref padded), ref Unsafe.As<long, byte>(ref padded.Value));
        Assert.Equal(64, offset);
    }

    [Fact]
    public void Sequence_ValueHasAtLeast56BytesOfPaddingOnEachSide()
    {
        var fields = typeof(Sequence).GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        var field = Assert.Single(fields);
        Assert.Equal(typeof(PaddedLong), field.FieldType);

        var sequence = new Sequence(42);
        ref byte objectData = ref Unsafe.As<RawObject>(sequence).FirstByte;
        ref byte value = ref Unsafe.As<long, byte>(ref sequence.RawValue);
        long before = (long)Unsafe.ByteOffset(ref objectData, ref value);
        long after = Unsafe.SizeOf<PaddedLong>() - before - sizeof(long);
        Assert.True(before >= 56, $"only {before} bytes before the value");
        Assert.True(after >= 56, $"only {after} bytes after the value");
        Assert.Equal(42, sequence.Value);
    }

    [Fact]
    public void RingBuffer_PadsItsSlotArrayAtBothEnds()
    {
        var ring = new RingBuffer<TestEvent>(8);
        var entries = (TestEvent[])typeof(RingBuffer<TestEvent>)
            .GetField("_entries", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(ring)!;
        ref TestEvent first = ref ring[0];
        ref TestEvent last = ref ring[7];
        long lead = (long)Unsafe.ByteOffset(ref Unsafe.As<TestEvent, byte>(ref entries[0]), ref Unsafe.As<TestEvent, byte>(ref first));
        long tail = (long)Unsafe.ByteOffset(ref Unsafe.As<TestEvent, byte>(ref last), ref Unsafe.As<TestEvent, byte>(ref entries[^1]));
        Assert.True(lead >= 64, $"{lead} bytes before slot 0");
        Assert.True(tail >= 64, $"{tail} bytes after the last slot");
    }
}
