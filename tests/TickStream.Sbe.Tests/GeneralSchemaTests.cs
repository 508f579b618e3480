using System.Buffers.Binary;
using FsCheck.Xunit;
using Be = Sbe.Tests.GeneralBigEndian;
using Le = Sbe.Tests.General;

namespace TickStream.Sbe.Tests;

/// <summary>uint8 and padded group counts, nested and empty groups, custom nulls, char enums, 64-bit sets, byte order.</summary>
public sealed class GeneralSchemaTests
{
    private static int EncodeLe(Span<byte> buffer, int innerCount)
    {
        var e = Le.SampleEncoder.WrapAndApplyHeader(buffer);
        e.SetQty(-42);
        e.SetRatio(0.25f);
        e.SetWeights([1, -2, 3]);
        e.SetCode("AB");
        e.SetGrade(Le.Grade.High);
        e.SetColor(Le.Color.Green);
        e.SetWide(Le.Wide.First | Le.Wide.Last);
        e.Point.SetX(7);
        e.Point.SetY(-1.5);
        e.Point.SetTag(Le.Color.Red);
        var outer = e.OuterCount(2);
        outer.Next();
        outer.SetId(100);
        var inner = outer.InnerCount(innerCount);
        for (var i = 0; i < innerCount; i++)
        {
            inner.Next();
            inner.SetValue(i + 0.5);
        }

        outer.SetLabel("first");
        outer.Next();
        outer.SetId(200);
        outer.InnerCount(0);
        outer.SetLabel("");
        e.EmptyCount(0);
        e.SetText("héllo");
        return e.EncodedLength;
    }

    private static int EncodeBe(Span<byte> buffer, int innerCount)
    {
        var e = Be.SampleEncoder.WrapAndApplyHeader(buffer);
        e.SetQty(-42);
        e.SetRatio(0.25f);
        e.SetWeights([1, -2, 3]);
        e.SetCode("AB");
        e.SetGrade(Be.Grade.High);
        e.SetColor(Be.Color.Green);
        e.SetWide(Be.Wide.First | Be.Wide.Last);
        e.Point.SetX(7);
        e.Point.SetY(-1.5);
        e.Point.SetTag(Be.Color.Red);
        var outer = e.OuterCount(2);
        outer.Next();
        outer.SetId(100);
        var inner = outer.InnerCount(innerCount);
        for (var i = 0; i < innerCount; i++)
        {
            inner.Next();
            inner.SetValue(i + 0.5);
        }

        outer.SetLabel("first");
        outer.Next();
        outer.SetId(200);
        outer.InnerCount(0);
        outer.SetLabel("");
        e.EmptyCount(0);
        e.SetText("héllo");
        return e.EncodedLength;
    }

    [Fact]
    public void RoundTrip_NestedAndEmptyGroups_ReadBackEverything()
    {
        var buffer = new byte[512];
        var length = EncodeLe(buffer, 2);
        Assert.True(Le.SampleDecoder.TryWrap(buffer.AsSpan(0, length), out var d, out var error), error.ToString());
        Assert.Equal(-42, d.Qty);
        Assert.True(d.HasQty);
        Assert.Equal(0.25f, d.Ratio);
        Assert.Equal((short)-2, d.GetWeights(1));
        Assert.Equal("AB", d.GetCodeString());
        Assert.Equal((byte)'K', Le.SampleDecoder.Kind);
        Assert.Equal(Le.Grade.High, d.Grade);
        Assert.Equal((byte)'H', (byte)d.Grade);
        Assert.Equal(Le.Grade.Low, Le.SampleDecoder.FixedGrade);
        Assert.Equal(Le.Color.Green, d.Color);
        Assert.Equal(Le.Wide.First | Le.Wide.Last, d.Wide);
        Assert.Equal(7, d.Point.X);
        Assert.Equal(-1.5, d.Point.Y);
        Assert.Equal(Le.Color.Red, d.Point.Tag);
        Assert.True(d.TryGetOuter(out var outer, out error), error.ToString());
        Assert.Equal(2, outer.Count);
        Assert.True(outer.MoveNext());
        Assert.Equal((ushort)100, outer.Id);
        Assert.True(outer.TryGetInner(out var inner, out error), error.ToString());
        Assert.Equal(2, inner.Count);
        Assert.True(inner.MoveNext());
        Assert.Equal(0.5, inner.Value);
        Assert.True(inner.MoveNext());
        Assert.Equal(1.5, inner.Value);
        Assert.False(inner.MoveNext());
        Assert.True(outer.TryGetLabel(out var label, out _));
        Assert.True(label.SequenceEqual("first"u8));
        Assert.True(outer.MoveNext());
        Assert.Equal((ushort)200, outer.Id);
        Assert.True(outer.TryGetInner(out inner, out _));
        Assert.Equal(0, inner.Count);
        Assert.False(inner.MoveNext());
        Assert.True(outer.TryGetLabel(out label, out _));
        Assert.True(label.IsEmpty);
        Assert.False(outer.MoveNext());
        Assert.True(d.TryGetEmpty(out var empty, out _));
        Assert.Equal(0, empty.Count);
        Assert.False(empty.MoveNext());
        Assert.True(d.TryGetText(out var text, out _));
        Assert.Equal("héllo", System.Text.Encoding.UTF8.GetString(text));
        Assert.Equal(length, d.EncodedLength);
    }

    [Fact]
    public void Encode_Uint8AndPaddedGroupCounts_LandAtTheirOffsets()
    {
        var buffer = new byte[512];
        EncodeLe(buffer, 3);
        var outerDims = 8 + 64;
        Assert.Equal(4, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(outerDims))); // blockLength
        Assert.Equal(2, buffer[outerDims + 2]);            // uint8 numInGroup right after blockLength
        var innerDims = outerDims + 3 + 4;                 // after the dimensions and the first entry's block
        Assert.Equal(8, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(innerDims)));
        Assert.Equal([0, 0, 0, 0, 0], buffer.AsSpan(innerDims + 2, 5).ToArray()); // padding of the 8-byte dimensions
        Assert.Equal(3, buffer[innerDims + 7]);            // numInGroup at explicit offset 7
    }

    [Fact]
    public void Encode_GroupCountAboveUint8Max_Throws()
    {
        var buffer = new byte[512];
        var e = Le.SampleEncoder.WrapAndApplyHeader(buffer);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TryCount(buffer, 255));
        Assert.Contains("Outer", error.Message, StringComparison.Ordinal);
        Assert.Equal(Le.SampleEncoder.HeaderLength + Le.SampleEncoder.BlockLength, e.EncodedLength);
    }

    private static void TryCount(byte[] buffer, int count)
    {
        var e = Le.SampleEncoder.WrapAndApplyHeader(buffer);
        e.OuterCount(count);
    }

    [Fact]
    public void Decode_CustomNullValues_AreReportedAsNull()
    {
        var buffer = new byte[512];
        var e = Le.SampleEncoder.WrapAndApplyHeader(buffer);
        e.SetQty(Le.SampleEncoder.QtyNullValue);
        e.SetRatio(Le.SampleEncoder.RatioNullValue);
        e.OuterCount(0);
        e.EmptyCount(0);
        e.SetText(""u8);
        Assert.True(Le.SampleDecoder.TryWrap(buffer.AsSpan(0, e.EncodedLength), out var d, out _));
        Assert.Equal(int.MaxValue, Le.SampleDecoder.QtyNullValue);
        Assert.False(d.HasQty);
        Assert.False(d.HasRatio);
        Assert.True(float.IsNaN(d.Ratio));
        Assert.Equal((byte)0, (byte)Le.Color.NULL_VAL); // the enum's encoding type has nullValue 0
        Assert.Equal(Le.Color.NULL_VAL, d.Color);
    }

    [Fact]
    public void Encode_BigEndianSchema_WritesNetworkByteOrder()
    {
        var le = new byte[512];
        var be = new byte[512];
        var leLength = EncodeLe(le, 2);
        var beLength = EncodeBe(be, 2);
        Assert.Equal(leLength, beLength);
        Assert.Equal(64, BinaryPrimitives.ReadUInt16BigEndian(be));              // header blockLength
        Assert.Equal(9, BinaryPrimitives.ReadUInt16BigEndian(be.AsSpan(2)));     // templateId
        Assert.Equal(-42, BinaryPrimitives.ReadInt32BigEndian(be.AsSpan(8)));    // qty
        Assert.Equal(0.25f, BinaryPrimitives.ReadSingleBigEndian(be.AsSpan(12))); // ratio
        Assert.Equal(-1.5, BinaryPrimitives.ReadDoubleBigEndian(be.AsSpan(8 + 32 + 8))); // point.y
        Assert.Equal(0x8000000000000001UL, BinaryPrimitives.ReadUInt64BigEndian(be.AsSpan(8 + 21))); // wide
        Assert.Equal(-42, BinaryPrimitives.ReadInt32LittleEndian(le.AsSpan(8)));
        Assert.True(Be.SampleDecoder.TryWrap(be.AsSpan(0, beLength), out var d, out _));
        Assert.Equal(-42, d.Qty);
        Assert.Equal(-1.5, d.Point.Y);
        Assert.True(d.TryComputeLength(out var length, out _));
        Assert.Equal(beLength, length);
    }

    [Property(MaxTest = 200)]
    public bool RoundTrip_AnyValues_BothByteOrders(int qty, short w0, ulong wide, int x, double y, byte[] innerSeed, string? text)
    {
        innerSeed ??= [];
        text ??= "";
        var inner = innerSeed.Length % 5;
        var buffer = new byte[2048];
        var e = Be.SampleEncoder.WrapAndApplyHeader(buffer);
        e.SetQty(qty);
        e.SetWeights(0, w0);
        e.SetWide((Be.Wide)wide);
        e.Point.SetX(x);
        e.Point.SetY(y);
        var outer = e.OuterCount(1);
        outer.Next();
        var group = outer.InnerCount(inner);
        for (var i = 0; i < inner; i++)
        {
            group.Next();
            group.SetValue(y + i);
        }

        outer.SetLabel(""u8);
        e.EmptyCount(0);
        if (!e.TrySetText(text))
        {
            return System.Text.Encoding.UTF8.GetByteCount(text) > 1000;
        }

        if (!Be.SampleDecoder.TryWrap(buffer.AsSpan(0, e.EncodedLength), out var d, out _)
            || d.Qty != qty || d.GetWeights(0) != w0 || (ulong)d.Wide != wide || d.Point.X != x || !d.Point.Y.Equals(y))
        {
            return false;
        }

        return d.TryComputeLength(out var length, out _) && length == e.EncodedLength;
    }
}
