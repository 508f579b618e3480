using System.Text.Json;

namespace TickStream.LoadTest.Tests;

[Collection(nameof(ShortRunFixture))]
public sealed class HarnessRunTests
{
    private readonly ShortRunFixture _run;

    public HarnessRunTests(ShortRunFixture run) => _run = run;

    [Fact]
    public void ShortRun_BothPaths_CompleteWithoutError()
    {
        Assert.Equal(2, _run.Summary.Scenarios.Count);
        foreach (var scenario in _run.Summary.Scenarios)
        {
            Assert.True(scenario.Error is null, scenario.Name + ": " + scenario.Error);
        }

        Assert.Equal(["tickstream", "raw-one-frame"], _run.Summary.Scenarios.Select(s => s.Path));
    }

    [Fact]
    public void ShortRun_EveryScenario_WritesEveryOutputFile()
    {
        string[] common = ["summary.json", "summary.md"];
        foreach (var file in common)
        {
            Assert.True(File.Exists(Path.Combine(_run.Directory, file)), file);
        }

        foreach (var scenario in _run.Summary.Scenarios)
        {
            foreach (var file in new[] { scenario.HgrmFile, scenario.HlogFile, $"{scenario.Name}.sub1.hgrm", $"{scenario.Name}.sub1.uncorrected.hgrm", $"{scenario.Name}.sub1.json" })
            {
                Assert.True(File.Exists(Path.Combine(_run.Directory, file)), file);
            }
        }
    }

    [Fact]
    public void ShortRun_HistogramFiles_AreUtf8WithoutNulBytes()
    {
        var files = Directory.GetFiles(_run.Directory, "*.hgrm").Concat(Directory.GetFiles(_run.Directory, "*.hlog")).ToList();
        Assert.True(files.Count >= 8, $"{files.Count} histogram files");
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            Assert.DoesNotContain((byte)0, bytes);
            Assert.False(bytes.Length >= 2 && ((bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE)), file + " has a UTF-16 byte order mark");
        }
    }

    [Fact]
    public void ShortRun_PercentileFile_HasHdrHistogramTableInMicroseconds()
    {
        var scenario = _run.Summary.Scenarios[0];
        var lines = File.ReadAllLines(Path.Combine(_run.Directory, scenario.HgrmFile));
        Assert.Contains("Value", lines[0], StringComparison.Ordinal);
        Assert.Contains("1/(1-Percentile)", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("#[Max", StringComparison.Ordinal));
        var firstRow = lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var minUs = double.Parse(firstRow[0], System.Globalization.CultureInfo.InvariantCulture);

        // Loopback delivery takes microseconds, not nanoseconds or seconds: the unit scaling is right.
        Assert.InRange(minUs, 0.5, 1_000_000);
    }

    [Fact]
    public void ShortRun_IntervalLog_IsReadableAndSumsToTheMergedHistogram()
    {
        foreach (var scenario in _run.Summary.Scenarios)
        {
            var text = File.ReadAllText(Path.Combine(_run.Directory, scenario.HlogFile));
            Assert.StartsWith("#[Histogram log format version", text, StringComparison.Ordinal);
            Assert.Contains("\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"", text, StringComparison.Ordinal);

            var intervals = LatencyFiles.ReadIntervalLog(Path.Combine(_run.Directory, scenario.HlogFile));
            Assert.True(intervals.Count >= 2, $"{scenario.Name}: {intervals.Count} intervals");
            Assert.Equal(scenario.Latency.Count, intervals.Sum(h => h.TotalCount));
            Assert.All(intervals, h => Assert.True(h.EndTimeStamp >= h.StartTimeStamp));
        }
    }

    [Fact]
    public void ShortRun_Counts_MatchBetweenPublisherSubscriberAndHistograms()
    {
        foreach (var scenario in _run.Summary.Scenarios)
        {
            var subscriber = Assert.Single(scenario.SubscriberResults);
            Assert.True(scenario.Sent > 0, scenario.Name);
            Assert.Equal(scenario.Sent, subscriber.Expected);
            Assert.Equal(scenario.Sent - subscriber.Received, scenario.Lost);
            Assert.Equal(subscriber.Received, scenario.ReceivedMin);
            Assert.Equal(subscriber.Received, subscriber.Intervals.Sum(i => i.Received));

            // Every measured tick is in the uncorrected histogram once; the correction only adds to it.
            Assert.Equal(subscriber.Measured, subscriber.LatencyUncorrected.Count);
            Assert.True(subscriber.Measured > 0 && subscriber.Measured <= subscriber.Received);
            Assert.True(scenario.Latency.Count >= subscriber.Measured);
            Assert.True(scenario.Latency.P50Us <= scenario.Latency.P99Us && scenario.Latency.P99Us <= scenario.Latency.MaxUs);
        }
    }

    [Fact]
    public void ShortRun_SummaryJson_ParsesWithRatiosAgainstTheBaseline()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(_run.Directory, "summary.json")));
        var root = document.RootElement;
        Assert.Equal("run", root.GetProperty("mode").GetString());
        Assert.Equal(2, root.GetProperty("scenarios").GetArrayLength());
        var tickstream = root.GetProperty("comparison").EnumerateArray().Single(r => r.GetProperty("path").GetString() == "tickstream");
        var baseline = root.GetProperty("comparison").EnumerateArray().Single(r => r.GetProperty("path").GetString() == "raw-one-frame");
        Assert.Equal(1.0, baseline.GetProperty("p99Ratio").GetDouble());
        var expected = Math.Round(tickstream.GetProperty("p99Us").GetDouble() / baseline.GetProperty("p99Us").GetDouble(), 2);
        Assert.Equal(expected, tickstream.GetProperty("p99Ratio").GetDouble());
        Assert.True(tickstream.GetProperty("publisherCores").GetDouble() > 0);
        Assert.True(tickstream.GetProperty("subscriberCores").GetDouble() > 0);
    }

    [Fact]
    public void ShortRun_ConsoleTable_ListsEveryPath()
    {
        var text = _run.Console.ToString();
        Assert.Contains("| tickstream | 5,000 |", text, StringComparison.Ordinal);
        Assert.Contains("| raw-one-frame | 5,000 |", text, StringComparison.Ordinal);
        Assert.Contains("p99.99", text, StringComparison.Ordinal);
        Assert.Contains("pub cores", text, StringComparison.Ordinal);
    }
}
