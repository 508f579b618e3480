namespace TickStream.LoadTest.Tests;

public sealed class LatencyFilesTests : IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "tickstream-latencyfiles-" + Guid.NewGuid().ToString("N"));

    public LatencyFilesTests() => Directory.CreateDirectory(_scratch);

    [Fact]
    public void WriteIntervalLog_ThreeIntervals_ReadsBackAsUtf8()
    {
        var start = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var intervals = new List<HdrHistogram.HistogramBase>();
        for (var i = 0; i < 3; i++)
        {
            var h = LatencyFiles.NewHistogram();
            h.RecordValueWithCount(10_000 * (i + 1), 100 + i);
            h.StartTimeStamp = new DateTimeOffset(start).ToUnixTimeMilliseconds() + (i * 1000);
            h.EndTimeStamp = h.StartTimeStamp + 1000;
            intervals.Add(h);
        }

        var path = Path.Combine(_scratch, "x.hlog");
        LatencyFiles.WriteIntervalLog(path, start, intervals);

        var bytes = File.ReadAllBytes(path);
        Assert.DoesNotContain((byte)0, bytes);
        Assert.Equal((byte)'#', bytes[0]);
        var read = LatencyFiles.ReadIntervalLog(path);
        Assert.Equal([100L, 101L, 102L], read.Select(h => h.TotalCount));
        Assert.Equal(30_000, HdrHistogram.HistogramExtensions.GetMaxValue(read[2]), 30_000 * 0.001);
    }

    [Fact]
    public void ReadIntervalLog_WideHistogram_DecodesEveryCount()
    {
        // Thousands of distinct buckets: a payload the library's own log reader fails to inflate in one read.
        var start = DateTime.UtcNow;
        var wide = LatencyFiles.NewHistogram();
        var random = new Random(3);
        for (var i = 0; i < 200_000; i++)
        {
            wide.RecordValue(random.NextInt64(1, 5_000_000_000));
        }

        wide.StartTimeStamp = new DateTimeOffset(start).ToUnixTimeMilliseconds();
        wide.EndTimeStamp = wide.StartTimeStamp + 1000;
        var path = Path.Combine(_scratch, "wide.hlog");
        LatencyFiles.WriteIntervalLog(path, start, [wide]);

        var read = Assert.Single(LatencyFiles.ReadIntervalLog(path));
        Assert.Equal(wide.TotalCount, read.TotalCount);
        Assert.Equal(wide.GetValueAtPercentile(99.9), read.GetValueAtPercentile(99.9));
    }

    [Fact]
    public void WritePercentiles_ScalesNanosecondsToMicroseconds()
    {
        var h = LatencyFiles.NewHistogram();
        h.RecordValueWithCount(25_000, 10);
        var path = Path.Combine(_scratch, "x.hgrm");

        LatencyFiles.WritePercentiles(path, h);

        var text = File.ReadAllText(path);
        Assert.DoesNotContain('\0', text);
        Assert.Contains("25.0", text, StringComparison.Ordinal);
        Assert.Contains("#[Max     =       25.0", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LatencySummary_EmptyHistogram_IsAllZero()
    {
        var summary = LatencySummary.From(LatencyFiles.NewHistogram());
        Assert.Equal(0, summary.Count);
        Assert.Equal(0, summary.MaxUs);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
