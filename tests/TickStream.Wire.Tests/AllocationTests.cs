
namespace TickStream.Wire.Tests;

/// <summary>Encoding and decoding the hot-path messages allocates nothing.</summary>
public sealed class AllocationTests
{
    private const int Iterations = 10_000;

    [Fact]
    public void EncodeDecode_Quote_AllocatesNothing()
    {
        var buffer = new byte[256];
        long checksum = 0;
        checksum += QuoteLoop(buffer, 100); // warm up: JIT and tiering
        var allocated = Allocation.FewestBytes(() => checksum += QuoteLoop(buffer, Iterations));
        Assert.Equal(0, allocated);
        Assert.NotEqual(0, checksum);
    }

    [Fact]
    public void EncodeDecode_Trade_AllocatesNothing()
    {
        var buffer = new byte[256];
        long checksum = 0;
        checksum += TradeLoop(buffer, 100);
        var allocated = Allocation.FewestBytes(() => checksum += TradeLoop(buffer, Iterations));
        Assert.Equal(0, allocated);
        Assert.NotEqual(0, checksum);
    }

    private static long QuoteLoop(byte[] buffer, int count)
    {
        long sum = 0;
        for (var i = 0; i < count; i++)
        {
            var e = QuoteEncoder.WrapAndApplyHeader(buffer);
            e.SetStreamSeq((ulong)i);
            e.SetSymbol("MSFT"u8);
            e.SetVenue("XNAS");
            e.BidPrice.SetMantissa(i);
            e.SetBidSize(100);
            e.AskPrice.SetMantissa(i + 1);
            e.SetAskSize(200);
            if (QuoteDecoder.TryWrap(buffer.AsSpan(0, e.EncodedLength), out var d, out _))
            {
                sum += d.AskPrice.Mantissa + d.BidSize + d.Symbol.Length;
            }
        }

        return sum;
    }

    private static long TradeLoop(byte[] buffer, int count)
    {
        long sum = 0;
        for (var i = 0; i < count; i++)
        {
            var e = TradeEncoder.WrapAndApplyHeader(buffer);
            e.SetStreamSeq((ulong)i);
            e.SetSymbol("MSFT"u8);
            e.SetVenue("XNAS"u8);
            e.SetAggressorSide(AggressorSide.Sell);
            e.Price.SetMantissa(i);
            e.SetSize(10);
            if (TradeDecoder.TryWrap(buffer.AsSpan(0, e.EncodedLength), out var d, out _))
            {
                sum += d.Price.Mantissa + d.Size + (long)d.AggressorSide;
            }
        }

        return sum;
    }
}
