using TickStream.Itch;
using TickStream.Itch.Books;
using TickStream.Testing;

namespace TickStream.Reliability.Tests;

/// <summary>Inputs the fuzzers found that broke a library, kept as regular tests.</summary>
public sealed class FuzzRegressionTests
{
    [Fact]
    public void ItchBooks_CrossTradeWithSharesAboveInt64_IsCountedNotThrown()
    {
        var bytes = new ItchTestWriter()
            .StockDirectory(1, 1_000, "AAPL")
            .CrossTrade(1, 2_000, ulong.MaxValue, "AAPL", 1_000_000, 7, 'O')
            .CrossTrade(1, 3_000, 500, "AAPL", 1_000_000, 8, 'O')
            .ToArray();
        var errors = new ItchErrorCounters();
        var books = new ItchOrderBooks<ItchFuzz.NullListener>(new OrderBookOptions { OrderCapacity = 64, Errors = errors }, default);
        var handler = books.CreateHandler();

        var consumed = ItchParser.ParseFramed(bytes, 0, ref handler, errors, isFinal: true, out var messages);

        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(3, messages);
        Assert.Equal(1, errors[ItchErrorKind.SharesOutOfRange]);
        Assert.Equal(1, errors.Total);
        Assert.Contains("shares", errors.Last!.Value.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ItchFileReader_CorruptGzip_IsCountedAndEndsTheInput()
    {
        // Found by the fuzzer: arbitrary bytes that start with the gzip magic.
        var bytes = Convert.FromHexString(
            "1F8B9457D18E6940B14D6E5D8F2DCC8FB9744066E3F5F9DF119B08C5402F303F3F1CDDDCDB52AA92FE4816B72EE71AA4DD082DC2C82F3E05C3E6C9F2ED03" +
            "3E1E214A8C89DDEC293C354684DC1E231DB8C392BBEC36EA85A4E7F49821CC5A34E836950BC0D700FFBFB3A9C39390876BBD9CD330675DF95F9F9820E0C59325F3");
        var errors = new ItchErrorCounters();
        var books = new ItchOrderBooks<ItchFuzz.NullListener>(new OrderBookOptions { OrderCapacity = 64, Errors = errors }, default);
        var handler = books.CreateHandler();
        using var reader = new ItchFileReader(new MemoryStream(bytes), bufferSize: ItchFileReader.MinimumBufferSize, errors: errors);

        Assert.True(reader.IsGzip);
        _ = reader.ReadToEnd(ref handler);

        Assert.True(reader.IsCompleted);
        Assert.Equal(1, errors[ItchErrorKind.CorruptCompressedInput]);
        Assert.Contains("gzip", errors.Last!.Value.ToString(), StringComparison.Ordinal);
    }
}
