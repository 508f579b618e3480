using System.Text;
using HdrHistogram;

namespace TickStream.Client;

/// <summary>
/// Writes histograms in HdrHistogram's standard text formats (.hgrm percentile distributions and interval logs)
/// as UTF-8, which HdrHistogram's own tools (HistogramLogProcessor, the plotter) read. HdrHistogram.NET's
/// <see cref="HistogramLogWriter"/> writes UTF-16; this class writes its output through again as UTF-8.
/// </summary>
public static class HistogramFiles
{
    /// <summary>Nanoseconds per millisecond: the usual unit of .hgrm files for network latencies.</summary>
    public const double NanosecondsPerMillisecond = 1_000_000.0;

    /// <summary>Nanoseconds per microsecond.</summary>
    public const double NanosecondsPerMicrosecond = 1_000.0;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the percentile distribution (.hgrm text).</summary>
    /// <param name="histogram">Values in ns.</param>
    /// <param name="writer">The destination; give it a UTF-8 encoding when it is a file.</param>
    /// <param name="unitScale">Divide values by this for output (e.g. <see cref="NanosecondsPerMicrosecond"/>).</param>
    public static void WritePercentiles(HistogramBase histogram, TextWriter writer, double unitScale = NanosecondsPerMicrosecond)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        ArgumentNullException.ThrowIfNull(writer);
        histogram.OutputPercentileDistribution(writer, percentileTicksPerHalfDistance: 5, outputValueUnitScalingRatio: unitScale);
        writer.Flush();
    }

    /// <summary>Writes the percentile distribution to a new UTF-8 .hgrm file.</summary>
    /// <param name="histogram">Values in ns.</param>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="unitScale">Divide values by this for output.</param>
    public static void WritePercentiles(HistogramBase histogram, string path, double unitScale = NanosecondsPerMicrosecond)
    {
        using var writer = new StreamWriter(path, append: false, Utf8);
        WritePercentiles(histogram, writer, unitScale);
    }

    /// <summary>Writes an HdrHistogram interval log (UTF-8) of the given interval histograms.</summary>
    /// <param name="destination">Where the log goes; left open.</param>
    /// <param name="startTime">The log's base time.</param>
    /// <param name="intervals">Interval histograms with their time stamps set (see <see cref="LatencyRecorder.TakeInterval()"/>).</param>
    public static void WriteIntervalLog(Stream destination, DateTime startTime, params HistogramBase[] intervals)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(intervals);
        using var utf16 = new MemoryStream();
        using (var log = new HistogramLogWriter(utf16))
        {
            log.Write(startTime, intervals);
        }

        var text = Decode(utf16.ToArray());
        var bytes = Utf8.GetBytes(text);
        destination.Write(bytes);
        destination.Flush();
    }

    /// <summary>Writes an HdrHistogram interval log to a new UTF-8 file.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="startTime">The log's base time.</param>
    /// <param name="intervals">Interval histograms with their time stamps set.</param>
    public static void WriteIntervalLog(string path, DateTime startTime, params HistogramBase[] intervals)
    {
        using var file = File.Create(path);
        WriteIntervalLog(file, startTime, intervals);
    }

    /// <summary>Whatever encoding the log writer used, by its byte order mark or its NUL bytes.</summary>
    private static string Decode(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(span[2..]);
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(span[2..]);
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(span[3..]);
        }

        if (span.Length > 1 && span[1] == 0)
        {
            return Encoding.Unicode.GetString(span);
        }

        return Encoding.UTF8.GetString(span);
    }
}
