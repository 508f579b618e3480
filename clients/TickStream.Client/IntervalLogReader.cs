using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using HdrHistogram;
using HdrHistogram.Utilities;

namespace TickStream.Client;

/// <summary>
/// Reads an HdrHistogram interval log (.hlog). HdrHistogram.NET 2.5.0's own reader inflates each histogram with a
/// single stream read, which on current .NET returns part of the data and fails on larger histograms; this reader
/// inflates the payload completely, then lets the library decode the uncompressed encoding.
/// </summary>
public static class IntervalLogReader
{
    private const long SecondsInAYear = 365L * 24 * 3600;

    /// <summary>Every interval histogram of the log, with start and end time stamps in ms since the Unix epoch.</summary>
    /// <exception cref="InvalidDataException">A line is not an interval or a payload does not decode.</exception>
    public static List<HistogramBase> Read(string path)
    {
        var histograms = new List<HistogramBase>();
        double startTime = 0, baseTime = 0;
        bool hasStart = false, hasBase = false;
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith("\"StartTimestamp\"", StringComparison.Ordinal))
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                if (TryHeaderSeconds(line, "#[StartTime: ", out var start))
                {
                    startTime = start;
                    hasStart = true;
                }
                else if (TryHeaderSeconds(line, "#[BaseTime: ", out var baseSeconds))
                {
                    baseTime = baseSeconds;
                    hasBase = true;
                }

                continue;
            }

            var fields = line.Split(',');
            var first = fields[0].StartsWith("Tag=", StringComparison.Ordinal) ? 1 : 0;
            if (fields.Length - first != 4 ||
                !double.TryParse(fields[first], NumberStyles.Float, CultureInfo.InvariantCulture, out var timestamp) ||
                !double.TryParse(fields[first + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var length))
            {
                throw new InvalidDataException($"line {lineNumber}: not 'start,length,max,histogram'");
            }

            if (!hasStart)
            {
                startTime = timestamp;
                hasStart = true;
            }

            if (!hasBase)
            {
                // As the reference reader: time stamps more than a year before the start time are relative to it.
                baseTime = timestamp < startTime - SecondsInAYear ? startTime : 0;
                hasBase = true;
            }

            HistogramBase histogram;
            try
            {
                histogram = Decode(Convert.FromBase64String(fields[first + 3]));
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidDataException or IndexOutOfRangeException)
            {
                throw new InvalidDataException($"line {lineNumber}: the histogram does not decode: {e.Message}", e);
            }

            histogram.StartTimeStamp = (long)((timestamp + baseTime) * 1000);
            histogram.EndTimeStamp = (long)((timestamp + baseTime + length) * 1000);
            histograms.Add(histogram);
        }

        return histograms;
    }

    private static HistogramBase Decode(byte[] compressed)
    {
        // Compressed encoding: cookie (4 bytes), length of the zlib data (4 bytes, big-endian), zlib data.
        if (compressed.Length < 10)
        {
            throw new InvalidDataException("payload too short");
        }

        var zlibLength = BinaryPrimitives.ReadInt32BigEndian(compressed.AsSpan(4));
        if (zlibLength <= 0 || zlibLength > compressed.Length - 8)
        {
            throw new InvalidDataException($"payload says {zlibLength} compressed bytes, has {compressed.Length - 8}");
        }

        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(compressed, 8, zlibLength), CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        return HistogramEncoding.DecodeFromByteBuffer(ByteBuffer.Allocate(inflated.ToArray()), 0, null);
    }

    private static bool TryHeaderSeconds(string line, string prefix, out double seconds)
    {
        seconds = 0;
        if (!line.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var end = line.IndexOf(' ', prefix.Length);
        var text = end < 0 ? line[prefix.Length..] : line[prefix.Length..end];
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds);
    }
}
