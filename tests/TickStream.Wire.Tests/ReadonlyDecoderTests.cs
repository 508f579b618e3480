namespace TickStream.Wire.Tests;

/// <summary>Decoder getters are readonly members: they work through an <c>in</c> parameter without a copy.</summary>
public sealed class ReadonlyDecoderTests
{
    private static long Sum(in QuoteDecoder quote) =>
        (long)quote.StreamSeq + quote.BidPrice.Mantissa + quote.AskSize + quote.Symbol.Length + quote.EncodedLength;

    private static long Sum(in TradeDecoder trade) => trade.Price.Mantissa + trade.Size + (long)trade.AggressorSide;

    [Fact]
    public void Getters_OnReadonlyDecoders_ReadTheFrame()
    {
        var buffer = new byte[256];
        var length = Samples.EncodeQuote(buffer);
        Assert.True(QuoteDecoder.TryWrap(buffer.AsSpan(0, length), out var quote, out _));
        Assert.Equal(42L + Samples.BidPrice + 200 + 4 + length, Sum(quote));

        length = Samples.EncodeTrade(buffer);
        Assert.True(TradeDecoder.TryWrap(buffer.AsSpan(0, length), out var trade, out _));
        Assert.Equal(Samples.TradePrice + 100 + 1, Sum(trade));
    }

    [Fact]
    public void SetSymbol_TooLongOrNotAscii_FailsClearly()
    {
        var buffer = new byte[256];
        var e = QuoteEncoder.WrapAndApplyHeader(buffer);
        Assert.False(e.TrySetSymbol("ABCDEFGHIJKLMNOPQ"));            // 17 > 16
        Assert.False(e.TrySetSymbol("ÄPPL"));                         // not ASCII
        Assert.True(e.TrySetSymbol("ABCDEFGHIJKLMNOP"));              // exactly 16: no NUL at all
        Assert.True(QuoteDecoder.TryWrap(buffer, out var d, out _));
        Assert.Equal("ABCDEFGHIJKLMNOP", d.GetSymbolString());
        var error = Assert.Throws<ArgumentException>(() => SetSymbol(new byte[256], "ABCDEFGHIJKLMNOPQ"));
        Assert.Contains("Symbol", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetSymbol_ShorterAfterLonger_ClearsTheTail()
    {
        var buffer = new byte[256];
        var e = QuoteEncoder.WrapAndApplyHeader(buffer);
        e.SetSymbol("LONGSYMBOL");
        e.SetSymbol("AB");
        Assert.True(QuoteDecoder.TryWrap(buffer, out var d, out _));
        Assert.Equal("AB", d.GetSymbolString());
        Assert.All(buffer.AsSpan(8 + 40 + 2, 14).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void WrapAndApplyHeader_BufferTooSmall_FailsClearly()
    {
        var small = new byte[QuoteEncoder.HeaderLength + QuoteEncoder.BlockLength - 1];
        Assert.False(QuoteEncoder.TryWrapAndApplyHeader(small, out _));
        var error = Assert.Throws<ArgumentException>(() => QuoteEncoder.WrapAndApplyHeader(small));
        Assert.Contains("Quote", error.Message, StringComparison.Ordinal);
    }

    private static void SetSymbol(byte[] buffer, string symbol)
    {
        var e = QuoteEncoder.WrapAndApplyHeader(buffer);
        e.SetSymbol(symbol);
    }
}
