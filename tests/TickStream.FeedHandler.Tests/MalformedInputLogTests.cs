using System.Text;
using TickStream.Sources;

namespace TickStream.FeedHandler.Tests;

/// <summary>Malformed source input is logged where and why, at a bounded rate, then summed up by reason.</summary>
public sealed class MalformedInputLogTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Csv_ThousandsOfBadRows_LogTheFirstOnesByLineThenCountsAndASummaryByReason()
    {
        using var files = new TempDirectory();
        var text = new StringBuilder("time,symbol,type,price,size,side,bid,bid_size,ask,ask_size\n");
        for (var i = 0; i < 3_000; i++)
        {
            text.Append((i % 3) switch
            {
                0 => "2024-03-01T14:30:00Z,MSFT,T,41x.5,100,B,,,,\n",
                1 => "not,enough,columns\n",
                _ => "2024-03-01T14:30:00Z,MSFT,T,419.5,100,B,,,,\n",
            });
        }

        var csv = files.Write("bad.csv", text.ToString());
        var registry = new InstrumentRegistry();
        var source = new CsvTickFileSource(csv, registry);
        var logger = new ListLogger();
        using var engine = new FeedEngine(FeedEngineTests.LoopbackOptions(), [source], registry, logger);
        engine.Start();
        await engine.SourcesCompleted.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        engine.Stop();

        Assert.Equal(2_000, source.Counters.Malformed);
        var lines = logger.Lines;
        var single = lines.FindAll(l => l.Contains("malformed input at bad.csv:", StringComparison.Ordinal));

        // The first lines name the row and the reason; however fast the file was read, at most 10 a second.
        Assert.StartsWith("Source csv:", single[0], StringComparison.Ordinal);
        Assert.EndsWith("malformed input at bad.csv:2: price '41x.5' is not a decimal number with at most 9 decimal places in range", single[0], StringComparison.Ordinal);
        Assert.EndsWith("malformed input at bad.csv:3: row has 3 columns; the header has 10", single[1], StringComparison.Ordinal);
        Assert.InRange(single.Count, 2, 10 * (1 + (int)Deadline.TotalSeconds));
        Assert.True(single.Count < 2_000);

        var errors = Assert.Single(engine.SourceErrors);
        Assert.Equal(single.Count, errors.Written);
        Assert.Equal(
            new Dictionary<string, long>
            {
                ["price '...' is not a decimal number with at most N decimal places in range"] = 1_000,
                ["row has N columns; the header has N"] = 1_000,
            },
            errors.ByReason);
        var summary = Assert.Single(lines, l => l.Contains("malformed inputs by reason", StringComparison.Ordinal));
        Assert.Contains("2000 malformed inputs by reason: 1000 x price '...' is not a decimal number", summary, StringComparison.Ordinal);
        Assert.Contains("1000 x row has N columns; the header has N", summary, StringComparison.Ordinal);

        // What was not logged one by one is said in counts: logged + suppressed = all.
        long suppressed = 0;
        foreach (var line in lines.FindAll(l => l.Contains("more malformed inputs", StringComparison.Ordinal)))
        {
            var words = line.Split(' ');
            suppressed += long.Parse(words[Array.IndexOf(words, "more") - 1], System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Equal(2_000, single.Count + suppressed);
    }

    [Theory]
    [InlineData("price '19x' is not a decimal number", "price '...' is not a decimal number")]
    [InlineData("row has 9 columns; the header has 10", "row has N columns; the header has N")]
    [InlineData("empty message", "empty message")]
    public void ReasonKind_LeavesOutValues(string reason, string kind) =>
        Assert.Equal(kind, SourceErrorLog.ReasonKind(reason));
}
