using System.Globalization;

namespace TickStream.Cli.Reports;

/// <summary>The rows of an HdrHistogram percentile distribution (.hgrm): value and percentile.</summary>
internal sealed class PercentileCurve
{
    private PercentileCurve(IReadOnlyList<double> values, IReadOnlyList<double> percentiles)
    {
        Values = values;
        Percentiles = percentiles;
    }

    /// <summary>Latency at each row, in the file's unit (microseconds for the harness's files).</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>The percentile of each row as a fraction (0.99 for p99).</summary>
    public IReadOnlyList<double> Percentiles { get; }

    /// <summary>Reads a .hgrm file.</summary>
    /// <exception cref="ReportInputException">The file is missing or has no percentile rows.</exception>
    public static PercentileCurve Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ReportInputException($"{path}: histogram file not found");
        }

        var values = new List<double>();
        var percentiles = new List<double>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Contains('\0', StringComparison.Ordinal))
            {
                throw new ReportInputException($"{path}, line {lineNumber}: NUL bytes; the file is not UTF-8 text (UTF-16?)");
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3 || line.TrimStart().StartsWith('#') ||
                !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ||
                !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var percentile))
            {
                continue; // header, blank and summary lines
            }

            values.Add(value);
            percentiles.Add(percentile);
        }

        return values.Count > 0
            ? new PercentileCurve(values, percentiles)
            : throw new ReportInputException($"{path}: no percentile rows (expected HdrHistogram's 'Value Percentile TotalCount 1/(1-Percentile)' table)");
    }
}
