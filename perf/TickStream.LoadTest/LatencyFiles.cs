using System.Text;
using HdrHistogram;

namespace TickStream.LoadTest;

/// <summary>
/// The latency files of a run in HdrHistogram's standard formats, always UTF-8 without a byte order mark:
/// HdrHistogram.NET's own log writer encodes UTF-16, which the standard (Java, Python, web) tools cannot read.
/// </summary>
internal static class LatencyFiles
{
    /// <summary>Histograms track 1 ns to 1 minute with 3 significant digits.</summary>
    public const long HighestTrackableNs = 60_000_000_000;

    /// <summary>Values are nanoseconds; files show microseconds.</summary>
    public const double NanosecondsPerMicrosecond = 1000.0;

    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static LongHistogram NewHistogram() => new(1, HighestTrackableNs, 3);

    /// <summary>Writes the percentile distribution (.hgrm, microseconds) as the HdrHistogram plotter reads it.</summary>
    public static void WritePercentiles(string path, HistogramBase histogram)
    {
        using var writer = new StreamWriter(path, append: false, Utf8);
        writer.NewLine = "\n";
        histogram.OutputPercentileDistribution(writer, percentileTicksPerHalfDistance: 5,
            outputValueUnitScalingRatio: NanosecondsPerMicrosecond, useCsvFormat: false);
    }

    /// <summary>Writes an interval histogram log (.hlog) through the library's writer, re-encoded as UTF-8.</summary>
    public static void WriteIntervalLog(string path, DateTime startUtc, IReadOnlyList<HistogramBase> intervals)
    {
        using var buffer = new MemoryStream();
        using (var log = new HistogramLogWriter(buffer))
        {
            log.Write(startUtc, [.. intervals]);
        }

        // The writer's encoding is detected from its byte order mark, so this keeps working if it ever changes.
        using var reader = new StreamReader(new MemoryStream(buffer.ToArray()), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        File.WriteAllText(path, reader.ReadToEnd(), Utf8);
    }

    /// <summary>Reads every interval histogram of a log written by <see cref="WriteIntervalLog"/>.</summary>
    public static List<HistogramBase> ReadIntervalLog(string path) => TickStream.Client.IntervalLogReader.Read(path);
}
