using System.Text;

namespace TickStream.Sources.Tests;

public sealed class CsvTickFileSourceTests
{
    private const string Header = "time,symbol,type,price,size,side,bid,bid_size,ask,ask_size,trade_id\n";

    private static readonly string GoodRows =
        "2024-03-01T14:30:00Z,AAPL,Q,,,,189.99,500,190.01,700,\n" +
        "2024-03-01T14:30:00.1Z,AAPL,T,190.01,200,B,,,,,1\n" +
        "2024-03-01T14:30:00.123456789Z,MSFT,quote,,,,419.5,100,,,\n" +
        "1709303400200000000,MSFT,trade,419.5,100,S,,,,,2\n";

    [Fact]
    public void Run_PlainFile_DeliversAllRowsInOrder()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("ticks.csv", Header + GoodRows);
        var registry = new InstrumentRegistry();
        var source = new CsvTickFileSource(path, registry);
        var sink = new RecordingSink();
        source.Run(sink, TestContext.Current.CancellationToken);

        AssertGoodRows(sink.Ticks, registry);
        Assert.Equal("csv:ticks.csv", source.Name);
        Assert.Equal(4, source.Counters.TicksRead);
        Assert.Equal(0, source.Counters.Malformed);
        Assert.Null(source.Counters.LastError);
    }

    [Theory]
    [InlineData("ticks.csv.gz")]
    [InlineData("ticks-without-gz-extension.csv")]
    public void Run_GzipFile_DetectedByMagicBytes(string name)
    {
        using var dir = new TempDirectory();
        var path = dir.WriteGzip(name, Header + GoodRows);
        var registry = new InstrumentRegistry();
        var source = new CsvTickFileSource(path, registry);
        var sink = new RecordingSink();
        source.Run(sink, TestContext.Current.CancellationToken);
        AssertGoodRows(sink.Ticks, registry);
        Assert.Equal(0, source.Counters.Malformed);
    }

    [Fact]
    public void Run_PlainFileNamedGz_ReadAsPlain()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("not-really.gz", Header + GoodRows);
        var registry = new InstrumentRegistry();
        var sink = new RecordingSink();
        new CsvTickFileSource(path, registry).Run(sink, TestContext.Current.CancellationToken);
        AssertGoodRows(sink.Ticks, registry);
    }

    [Fact]
    public void Run_CrlfBomCommentsBlankLinesAndNoFinalNewline_AllHandled()
    {
        using var dir = new TempDirectory();
        var text = "# exported 2024-03-01\r\n\r\n" + Header.Replace("\n", "\r\n", StringComparison.Ordinal)
            + GoodRows.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n# trailer\r\n   \r\n"
            + "1709303400300000000,MSFT,T,419.51,100,,,,,,3";
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.ASCII.GetBytes(text)).ToArray();
        var path = dir.WriteBytes("crlf.csv", bytes);
        var registry = new InstrumentRegistry();
        var source = new CsvTickFileSource(path, registry);
        var sink = new RecordingSink();
        source.Run(sink, TestContext.Current.CancellationToken);

        var ticks = sink.Ticks;
        Assert.Equal(0, source.Counters.Malformed);
        Assert.Equal(5, ticks.Length);
        AssertGoodRows(ticks[..4], registry);
        Assert.Equal(419_510_000_000L, ticks[4].Price);
        Assert.Equal(3UL, ticks[4].TradeId);
    }

    [Fact]
    public void Run_MalformedRows_CountedWithFileAndLineAndGoodRowsDeliveredInOrder()
    {
        using var dir = new TempDirectory();
        var lines = new[]
        {
            "time,symbol,type,price,size,side,bid,bid_size,ask,ask_size", // line 1
            "1,AAPL,T,190,100,B,,,,",                                    // 2 good
            "2,AAPL,T,190,100,B,,,",                                     // 3 column count
            "3,AAPL,Z,190,100,B,,,,",                                    // 4 unknown type
            "4,AAPL,T,19x,100,B,,,,",                                    // 5 bad number
            "5,aapl,T,190,100,B,,,,",                                    // 6 bad symbol
            "6,AAPL,Q,,,,191,100,190,100",                               // 7 good, crossed
            "2024-02-30T00:00:00Z,AAPL,T,190,100,B,,,,",                 // 8 bad date
            "8,MSFT,T,420,100,S,,,,",                                    // 9 good
        };
        var path = dir.WriteText("bad.csv", string.Join('\n', lines) + "\n");
        var registry = new InstrumentRegistry();
        var source = new CsvTickFileSource(path, registry);
        var errors = new List<SourceError>();
        source.Counters.ErrorReported += errors.Add;
        var sink = new RecordingSink();
        source.Run(sink, TestContext.Current.CancellationToken);

        var ticks = sink.Ticks;
        Assert.Equal([1L, 6L, 8L], ticks.Select(t => t.ExchangeTimeNs));
        Assert.Equal(RawTickFlags.Crossed, ticks[1].Flags);
        Assert.Equal(3, source.Counters.TicksRead);
        Assert.Equal(5, source.Counters.Malformed);
        Assert.Equal(["bad.csv:3", "bad.csv:4", "bad.csv:5", "bad.csv:6", "bad.csv:8"], errors.Select(e => e.Location));
        Assert.All(errors, e => Assert.Equal("csv:bad.csv", e.Source));
        Assert.Contains("9 columns", errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("type 'Z'", errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("price '19x'", errors[2].Reason, StringComparison.Ordinal);
        Assert.Contains("symbol 'aapl'", errors[3].Reason, StringComparison.Ordinal);
        Assert.Contains("time '2024-02-30", errors[4].Reason, StringComparison.Ordinal);
        Assert.Same(errors[^1], source.Counters.LastError);
        Assert.Equal(2, registry.Count);
    }

    [Fact]
    public void Run_BadHeader_ReportedAtItsLineAndNothingDelivered()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("noheader.csv", "# comment\n1,AAPL,T,190,100,B,,,,\n");
        var source = new CsvTickFileSource(path, new InstrumentRegistry());
        var sink = new RecordingSink();
        source.Run(sink, TestContext.Current.CancellationToken);
        Assert.Equal(0, sink.Count);
        Assert.Equal(1, source.Counters.Malformed);
        Assert.Equal("noheader.csv:2", source.Counters.LastError!.Location);
        Assert.Contains("no 'time' column", source.Counters.LastError.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingFile_ReportedNotThrown()
    {
        using var dir = new TempDirectory();
        var source = new CsvTickFileSource(Path.Combine(dir.Path, "absent.csv"), new InstrumentRegistry());
        source.Run(new RecordingSink(), TestContext.Current.CancellationToken);
        Assert.Equal(1, source.Counters.Malformed);
        Assert.Equal("absent.csv", source.Counters.LastError!.Location);
        Assert.Contains("cannot read", source.Counters.LastError.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TruncatedGzip_RowsBeforeTheCutDeliveredInOrderAndCutRowReported()
    {
        using var dir = new TempDirectory();
        var rows = new StringBuilder(Header);
        for (var i = 0; i < 20_000; i++)
        {
            rows.Append(i).Append(",AAPL,T,190.01,100,B,,,,,").Append(i).Append('\n');
        }

        var full = dir.WriteGzip("full.csv.gz", rows.ToString());
        var bytes = File.ReadAllBytes(full);
        var path = dir.WriteBytes("cut.csv.gz", bytes[..(bytes.Length / 2)]);
        var source = new CsvTickFileSource(path, new InstrumentRegistry());
        var sink = new RecordingSink();
        source.Run(sink, TestContext.Current.CancellationToken);

        // The decompressor may end quietly at the cut or fail; either way the rows before it flow and at most the
        // cut row (or the read failure) is reported, with its line.
        var ticks = sink.Ticks;
        Assert.InRange(ticks.Length, 1, 19_999);
        Assert.Equal(Enumerable.Range(0, ticks.Length).Select(i => (ulong)i), ticks.Select(t => t.TradeId));
        Assert.InRange(source.Counters.Malformed, 0, 1);
        if (source.Counters.LastError is { } error)
        {
            Assert.StartsWith("cut.csv.gz:", error.Location, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Run_OverlongRow_ReportedAndSkipped()
    {
        using var dir = new TempDirectory();
        var text = Header + "1,AAPL,T,190,100,B,,,,,\n" + "2,AAPL,T,190,100,B,,,,," + new string('9', 200_000) + "\n"
            + "3,AAPL,T,190,100,B,,,,,\n";
        var path = dir.WriteText("long.csv", text);
        var source = new CsvTickFileSource(path, new InstrumentRegistry());
        var sink = new RecordingSink();
        source.Run(sink, TestContext.Current.CancellationToken);
        Assert.Equal([1L, 3L], sink.Ticks.Select(t => t.ExchangeTimeNs));
        Assert.Equal(1, source.Counters.Malformed);
        Assert.Equal("long.csv:3", source.Counters.LastError!.Location);
        Assert.Contains("longer than", source.Counters.LastError.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Cancelled_StopsBeforeEnd()
    {
        using var dir = new TempDirectory();
        var rows = new StringBuilder(Header);
        for (var i = 0; i < 10_000; i++)
        {
            rows.Append(i).Append(",AAPL,T,190.01,100,B,,,,,\n");
        }

        var path = dir.WriteText("many.csv", rows.ToString());
        using var cts = new CancellationTokenSource();
        var sink = new CancellingSink(cts, after: 100);
        var source = new CsvTickFileSource(path, new InstrumentRegistry());
        source.Run(sink, cts.Token);
        Assert.Equal(100, source.Counters.TicksRead);
    }

    [Fact]
    public void Run_SteadyState_AllocatesNothingPerRow()
    {
        using var dir = new TempDirectory();
        var small = dir.WriteText("small.csv", Rows(1_000));
        var large = dir.WriteText("large.csv", Rows(101_000));
        var registry = new InstrumentRegistry();
        var sink = new CountingSink();
        new CsvTickFileSource(small, registry).Run(sink, TestContext.Current.CancellationToken);
        new CsvTickFileSource(large, registry).Run(sink, TestContext.Current.CancellationToken);

        // The fixed cost of a run (buffer, stream, parser) is the same for both files; the difference is per row.
        var cancel = TestContext.Current.CancellationToken;
        CsvTickFileSource? largeSource = null;
        var smallBytes = Allocation.FewestBytes(() => new CsvTickFileSource(small, registry), source => source.Run(sink, cancel));
        var largeBytes = Allocation.FewestBytes(() => largeSource = new CsvTickFileSource(large, registry), source => source.Run(sink, cancel));

        Assert.Equal(101_000, largeSource!.Counters.TicksRead);
        Assert.True(largeBytes - smallBytes < 10_000, $"{largeBytes - smallBytes} more bytes for 100000 more rows");

        static string Rows(int count)
        {
            var text = new StringBuilder(Header);
            for (var i = 0; i < count; i++)
            {
                text.Append("2024-03-01T14:30:00.123456789Z,").Append(i % 3 == 0 ? "AAPL" : "MSFT")
                    .Append(i % 2 == 0 ? ",T,190.01,100,B,,,,," : ",Q,,,,189.99,300,190.02,400,").Append(i).Append('\n');
            }

            return text.ToString();
        }
    }

    private static void AssertGoodRows(RawTick[] ticks, InstrumentRegistry registry)
    {
        Assert.Equal(4, ticks.Length);
        Assert.True(registry.TryGetId("AAPL"u8, out var aapl));
        Assert.True(registry.TryGetId("MSFT"u8, out var msft));
        Assert.Equal([aapl, aapl, msft, msft], ticks.Select(t => t.InstrumentId));
        Assert.Equal([TickKind.Quote, TickKind.Trade, TickKind.Quote, TickKind.Trade], ticks.Select(t => t.Kind));
        Assert.Equal(1_709_303_400_000_000_000L, ticks[0].ExchangeTimeNs);
        Assert.Equal(1_709_303_400_100_000_000L, ticks[1].ExchangeTimeNs);
        Assert.Equal(1_709_303_400_123_456_789L, ticks[2].ExchangeTimeNs);
        Assert.Equal(1_709_303_400_200_000_000L, ticks[3].ExchangeTimeNs);
        Assert.Equal((189_990_000_000L, 500L, 190_010_000_000L, 700L), (ticks[0].BidPrice, ticks[0].BidSize, ticks[0].AskPrice, ticks[0].AskSize));
        Assert.Equal((190_010_000_000L, 200L, AggressorSide.Buy, 1UL), (ticks[1].Price, ticks[1].Size, ticks[1].AggressorSide, ticks[1].TradeId));
        Assert.Equal((419_500_000_000L, RawTick.EmptyPrice, 0L), (ticks[2].BidPrice, ticks[2].AskPrice, ticks[2].AskSize));
        Assert.Equal((419_500_000_000L, AggressorSide.Sell, 2UL), (ticks[3].Price, ticks[3].AggressorSide, ticks[3].TradeId));
    }

    private sealed class CancellingSink(CancellationTokenSource cts, int after) : ITickSink
    {
        private int _count;

        public void OnTick(ref RawTick tick)
        {
            if (++_count == after)
            {
                cts.Cancel();
            }
        }
    }
}
