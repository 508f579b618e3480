using HdrHistogram;

namespace TickStream.LoadTest;

/// <summary>Percentiles of an end-to-end latency histogram, in microseconds.</summary>
internal sealed record LatencySummary
{
    public long Count { get; init; }

    public double P50Us { get; init; }

    public double P90Us { get; init; }

    public double P99Us { get; init; }

    public double P999Us { get; init; }

    public double P9999Us { get; init; }

    public double MaxUs { get; init; }

    /// <summary>Reads the percentiles of a histogram of nanoseconds.</summary>
    public static LatencySummary From(HistogramBase histogram) => histogram.TotalCount == 0 ? new() : new()
    {
        Count = histogram.TotalCount,
        P50Us = Us(histogram.GetValueAtPercentile(50)),
        P90Us = Us(histogram.GetValueAtPercentile(90)),
        P99Us = Us(histogram.GetValueAtPercentile(99)),
        P999Us = Us(histogram.GetValueAtPercentile(99.9)),
        P9999Us = Us(histogram.GetValueAtPercentile(99.99)),
        MaxUs = Us(histogram.GetMaxValue()),
    };

    private static double Us(long ns) => Math.Round(ns / 1000.0, 3);
}
