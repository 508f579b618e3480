namespace TickStream.Sources.Tests;

public sealed class SourceCountersTests
{
    [Fact]
    public void ReportMalformed_CountsKeepsLastAndRaisesEvent()
    {
        var counters = new SourceCounters("csv:ticks.csv");
        var seen = new List<SourceError>();
        counters.ErrorReported += seen.Add;
        Assert.Null(counters.LastError);

        counters.AddTicksRead(3);
        counters.ReportMalformed("ticks.csv:4", "type 'Z' is not T, trade, Q or quote");
        var last = counters.ReportMalformed("ticks.csv:9", "row has 2 columns; the header has 10");

        Assert.Equal(3, counters.TicksRead);
        Assert.Equal(2, counters.Malformed);
        Assert.Same(last, counters.LastError);
        Assert.Equal(new SourceError("csv:ticks.csv", "ticks.csv:9", "row has 2 columns; the header has 10"), last);
        Assert.Equal(["ticks.csv:4", "ticks.csv:9"], seen.Select(e => e.Location));
        Assert.Equal("ticks.csv:9: row has 2 columns; the header has 10", last.ToString());
        Assert.Equal("csv:ticks.csv: 3 ticks, 2 malformed, last: ticks.csv:9: row has 2 columns; the header has 10", counters.ToString());
    }

    [Fact]
    public void ReportMalformed_FromManyThreads_NoCountLost()
    {
        var counters = new SourceCounters("pull:x");
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 1000; i++)
            {
                counters.ReportMalformed("pull:x message #1", "empty message");
            }
        });
        Assert.Equal(4000, counters.Malformed);
    }
}
