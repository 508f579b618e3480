using HdrHistogram;

namespace TickStream.RingPerf;

/// <summary>Percentiles of one latency run, in nanoseconds.</summary>
internal readonly record struct LatencyResult(long P50, long P99, long P999, long Max, long Samples, bool Completed)
{
    public static LatencyResult From(LongHistogram histogram, bool completed) => new(
        histogram.GetValueAtPercentile(50),
        histogram.GetValueAtPercentile(99),
        histogram.GetValueAtPercentile(99.9),
        histogram.GetValueAtPercentile(100),
        histogram.TotalCount,
        completed);

    /// <summary>The median of each percentile over several runs (each percentile taken separately).</summary>
    public static LatencyResult Median(IReadOnlyList<LatencyResult> runs)
    {
        static long Mid(IEnumerable<long> values)
        {
            var sorted = values.Order().ToArray();
            return sorted[sorted.Length / 2];
        }

        return new(
            Mid(runs.Select(r => r.P50)),
            Mid(runs.Select(r => r.P99)),
            Mid(runs.Select(r => r.P999)),
            Mid(runs.Select(r => r.Max)),
            runs.Sum(r => r.Samples),
            runs.All(r => r.Completed));
    }

    public static LongHistogram NewHistogram() => new(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: 3);
}
