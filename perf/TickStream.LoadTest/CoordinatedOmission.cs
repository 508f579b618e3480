using HdrHistogram;

namespace TickStream.LoadTest;

/// <summary>
/// Coordinated-omission correction applied to a finished histogram: the same result as recording every value with
/// <see cref="HistogramBase.RecordValueWithExpectedInterval"/>, but computed per bucket instead of per sample. Per
/// sample it costs latency/interval records (10 000 for a 100 ms stall at 100k ticks/s), which on a busy subscriber
/// slows it and worsens the very latency it measures.
/// </summary>
internal static class CoordinatedOmission
{
    // Below this many synthetic values per recorded value, stepping through them is cheaper than walking buckets.
    private const long DirectStepLimit = 2048;

    /// <summary>A corrected copy of <paramref name="raw"/>; a plain copy when <paramref name="expectedIntervalNs"/> is 0.</summary>
    public static LongHistogram Correct(HistogramBase raw, long expectedIntervalNs)
    {
        var corrected = LatencyFiles.NewHistogram();
        corrected.StartTimeStamp = raw.StartTimeStamp;
        corrected.EndTimeStamp = raw.EndTimeStamp;
        foreach (var bucket in raw.RecordedValues())
        {
            var value = bucket.ValueIteratedTo;
            var count = bucket.CountAtValueIteratedTo;
            corrected.RecordValueWithCount(value, count);
            if (expectedIntervalNs <= 0 || value <= expectedIntervalNs)
            {
                continue;
            }

            // The samples a stalled sender would have seen: value - k*interval for k = 1.. while >= interval.
            var steps = (value - expectedIntervalNs) / expectedIntervalNs;
            if (steps <= DirectStepLimit)
            {
                for (var missing = value - expectedIntervalNs; missing >= expectedIntervalNs; missing -= expectedIntervalNs)
                {
                    corrected.RecordValueWithCount(missing, count);
                }

                continue;
            }

            // Walk the buckets from the interval up to the value, adding how many of the synthetic values fall in each.
            var low = expectedIntervalNs;
            while (low < value)
            {
                var next = Math.Min(corrected.NextNonEquivalentValue(low), value);
                var kHigh = (value - low) / expectedIntervalNs; // largest k with value - k*interval >= low
                var kLow = ((value - next) / expectedIntervalNs) + 1; // smallest k with value - k*interval < next
                if (kHigh >= kLow && kLow >= 1)
                {
                    corrected.RecordValueWithCount(low, count * (kHigh - kLow + 1));
                }

                low = next;
            }
        }

        return corrected;
    }
}
