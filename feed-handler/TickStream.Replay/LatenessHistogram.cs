namespace TickStream.Replay;

/// <summary>
/// Distribution of how late frames were sent against their due instants: 10 us buckets up to one second, one
/// overflow bucket beyond, plus the exact maximum and mean. Allocated once; <see cref="Record"/> allocates nothing.
/// </summary>
public sealed class LatenessHistogram
{
    /// <summary>Width of a bucket in nanoseconds.</summary>
    public const long BucketNs = 10_000;

    private const int Buckets = 100_000;
    private readonly long[] _counts = new long[Buckets + 1];
    private long _sumNs;

    /// <summary>Values recorded.</summary>
    public long Count { get; private set; }

    /// <summary>The largest value recorded, in ns (0 when empty).</summary>
    public long MaxNs { get; private set; }

    /// <summary>The mean, in ns (0 when empty).</summary>
    public double MeanNs => Count == 0 ? 0 : (double)_sumNs / Count;

    /// <summary>Records one lateness; negative values (early) count as zero.</summary>
    /// <param name="latenessNs">How late, in ns.</param>
    public void Record(long latenessNs)
    {
        var value = Math.Max(0, latenessNs);
        var bucket = value / BucketNs;
        _counts[bucket >= Buckets ? Buckets : (int)bucket]++;
        _sumNs += value;
        Count++;
        if (value > MaxNs)
        {
            MaxNs = value;
        }
    }

    /// <summary>
    /// The value at a percentile, as the upper edge of its bucket (so within 10 us above the true value);
    /// values past one second report the maximum.
    /// </summary>
    /// <param name="percentile">0 to 100.</param>
    /// <returns>Nanoseconds; 0 when empty.</returns>
    public long PercentileNs(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(percentile / 100 * Count);
        rank = Math.Max(1, rank);
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(MaxNs, (i + 1) * BucketNs);
            }
        }

        return MaxNs;
    }
}
