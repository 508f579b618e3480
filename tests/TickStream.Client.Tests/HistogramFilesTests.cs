using System.Globalization;
using System.Text;
using HdrHistogram;

namespace TickStream.Client.Tests;

public sealed class HistogramFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tickstream-client-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static LongHistogram Sample()
    {
        var histogram = new LongHistogram(LatencyRecorder.LowestNs, LatencyRecorder.HighestNs, LatencyRecorder.SignificantDigits);
        for (var i = 1; i <= 1000; i++)
        {
            histogram.RecordValue(i * 1_000L);
        }

        histogram.StartTimeStamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1000;
        histogram.EndTimeStamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return histogram;
    }

    [Fact]
    public void WritePercentiles_File_IsAsciiWithoutNulsAndParses()
    {
        var path = Path.Combine(_directory, "latency.hgrm");
        HistogramFiles.WritePercentiles(Sample(), path, HistogramFiles.NanosecondsPerMicrosecond);

        var bytes = File.ReadAllBytes(path);
        Assert.DoesNotContain((byte)0, bytes);
        Assert.All(bytes, b => Assert.True(b < 0x80, $"non-ASCII byte {b:x2}"));
        var lines = Encoding.ASCII.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("Value", StringComparison.Ordinal) && l.Contains("Percentile", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("#[Max", StringComparison.Ordinal));

        // Data rows: value (us), percentile, total count, 1/(1-percentile): the median sits near 500 us.
        var rows = lines
            .Where(l => !l.TrimStart().StartsWith('#') && !l.Contains("Value", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 3)
            .Select(f => (Value: double.Parse(f[0], CultureInfo.InvariantCulture), Percentile: double.Parse(f[1], CultureInfo.InvariantCulture)))
            .ToList();
        Assert.NotEmpty(rows);
        var median = rows.First(r => r.Percentile >= 0.5);
        Assert.InRange(median.Value, 495, 505);
    }

    [Fact]
    public void WriteIntervalLog_File_IsUtf8WithoutNulsAndReadsBack()
    {
        var path = Path.Combine(_directory, "latency.hlog");
        var first = Sample();
        var second = Sample();
        second.RecordValue(2_000_000);
        HistogramFiles.WriteIntervalLog(path, DateTime.UtcNow.AddSeconds(-2), first, second);

        var bytes = File.ReadAllBytes(path);
        Assert.DoesNotContain((byte)0, bytes);
        Assert.False(bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]), "no byte order mark");
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("#[Histogram log format version", text, StringComparison.Ordinal);
        Assert.Contains("#[StartTime:", text, StringComparison.Ordinal);

        // HdrHistogram's own reader takes the UTF-8 file back.
        using var file = File.OpenRead(path);
        using var reader = new HistogramLogReader(file);
        var decoded = reader.ReadHistograms().ToList();
        Assert.Equal([1000L, 1001L], decoded.Select(h => h.TotalCount));
        Assert.InRange(decoded[1].GetMaxValue(), 1_998_000, 2_002_000);
    }
}
