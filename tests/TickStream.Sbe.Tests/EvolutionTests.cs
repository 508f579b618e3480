using V0 = Sbe.Tests.EvolutionV0;
using V1 = Sbe.Tests.EvolutionV1;

namespace TickStream.Sbe.Tests;

/// <summary>Schema evolution: decoders use the acting blockLength and version of the frame.</summary>
public sealed class EvolutionTests
{
    private static byte[] EncodeV1()
    {
        var buffer = new byte[256];
        var e = V1.OrderEncoder.WrapAndApplyHeader(buffer);
        e.SetOrderId(77);
        e.SetQuantity(-5);
        e.SetLimit(123);
        e.SetSide(V1.Side.Sell);
        e.Fee.SetUnits(9);
        e.Fee.SetCurrency("EUR");
        var fills = e.FillsCount(2);
        fills.Next();
        fills.SetPrice(1000);
        fills.SetVenueId(11);
        fills.Next();
        fills.SetPrice(2000);
        fills.SetVenueId(22);
        e.SetNote("hello"u8);
        e.SetTrader("bob"u8);
        return buffer.AsSpan(0, e.EncodedLength).ToArray();
    }

    private static byte[] EncodeV0()
    {
        var buffer = new byte[256];
        var e = V0.OrderEncoder.WrapAndApplyHeader(buffer);
        e.SetOrderId(77);
        e.SetQuantity(-5);
        var fills = e.FillsCount(2);
        fills.Next();
        fills.SetPrice(1000);
        fills.Next();
        fills.SetPrice(2000);
        e.SetNote("hello"u8);
        return buffer.AsSpan(0, e.EncodedLength).ToArray();
    }

    [Fact]
    public void Decode_NewerFrameOnOlderDecoder_SkipsTheNewFields()
    {
        var frame = EncodeV1();
        Assert.True(V0.OrderDecoder.TryWrap(frame, out var d, out var error), error.ToString());
        Assert.Equal(1, d.ActingVersion);
        Assert.Equal(V1.OrderEncoder.BlockLength, d.ActingBlockLength);
        Assert.True(d.ActingBlockLength > V0.OrderDecoder.BlockLength);
        Assert.Equal(77UL, d.OrderId);
        Assert.Equal(-5, d.Quantity);
        Assert.True(d.TryGetFills(out var fills, out error), error.ToString());
        Assert.Equal(V1.OrderEncoder.FillsEncoder.BlockLength, fills.ActingBlockLength);
        Assert.True(fills.MoveNext());
        Assert.Equal(1000L, fills.Price);
        Assert.True(fills.MoveNext());
        Assert.Equal(2000L, fills.Price);
        Assert.False(fills.MoveNext());
        Assert.True(d.TryGetNote(out var note, out _));
        Assert.True(note.SequenceEqual("hello"u8));
        // The version-1 var data 'trader' follows; the old decoder stops before it.
        Assert.Equal(frame.Length - 2 - 3, d.EncodedLength);
    }

    [Fact]
    public void Decode_OlderFrameOnNewerDecoder_ReadsNewFieldsAsNull()
    {
        var frame = EncodeV0();
        Assert.True(V1.OrderDecoder.TryWrap(frame, out var d, out var error), error.ToString());
        Assert.Equal(0, d.ActingVersion);
        Assert.Equal(V0.OrderEncoder.BlockLength, d.ActingBlockLength);
        Assert.Equal(77UL, d.OrderId);
        Assert.Equal(-5, d.Quantity);
        Assert.False(d.HasLimit);
        Assert.Equal(V1.OrderDecoder.LimitNullValue, d.Limit);
        Assert.Equal(V1.Side.NULL_VAL, d.Side);
        Assert.Equal(-1, d.Fee.ActingVersion);
        Assert.Equal(long.MinValue, d.Fee.Units);
        Assert.True(d.Fee.Currency.IsEmpty);
        Assert.True(d.TryGetFills(out var fills, out error), error.ToString());
        Assert.True(fills.MoveNext());
        Assert.Equal(1000L, fills.Price);
        Assert.Equal(ushort.MaxValue, fills.VenueId);
        Assert.True(fills.MoveNext());
        Assert.Equal(2000L, fills.Price);
        Assert.False(fills.MoveNext());
        Assert.True(d.TryGetNote(out var note, out _));
        Assert.True(note.SequenceEqual("hello"u8));
        Assert.True(d.TryGetTrader(out var trader, out error));
        Assert.Equal(V1.SbeDecodeError.None, error);
        Assert.True(trader.IsEmpty);
        Assert.Equal(frame.Length, d.EncodedLength);
    }

    

    [Fact]
    public void Decode_SameVersion_ReadsEverything()
    {
        var frame = EncodeV1();
        Assert.True(V1.OrderDecoder.TryWrap(frame, out var d, out _));
        Assert.Equal(123, d.Limit);
        Assert.True(d.HasLimit);
        Assert.Equal(V1.Side.Sell, d.Side);
        Assert.Equal(9L, d.Fee.Units);
        Assert.Equal("EUR", d.Fee.GetCurrencyString());
        Assert.True(d.TryComputeLength(out var length, out _));
        Assert.Equal(frame.Length, length);
        Assert.True(d.TryGetFills(out var fills, out _));
        Assert.True(fills.MoveNext());
        Assert.Equal((ushort)11, fills.VenueId);
        Assert.True(fills.MoveNext());
        Assert.Equal((ushort)22, fills.VenueId);
        Assert.False(fills.MoveNext());
        Assert.True(d.TryGetNote(out _, out _));
        Assert.True(d.TryGetTrader(out var trader, out _));
        Assert.True(trader.SequenceEqual("bob"u8));
    }

    [Fact]
    public void Decode_VersionOneHeaderWithVersionZeroBlock_ReportsBlockLengthTooSmall()
    {
        var frame = EncodeV0();
        frame[6] = 1; // claims version 1, whose fields need more than the 12-byte block
        Assert.False(V1.OrderDecoder.TryWrap(frame, out _, out var error));
        Assert.Equal(V1.SbeDecodeError.BlockLengthTooSmall, error);
    }
}
