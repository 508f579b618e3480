namespace TickStream.LoadTest;

/// <summary>One interval of a subscriber's run: when it started, how many ticks arrived, its p50 and p99.</summary>
internal sealed record IntervalPoint(double StartSeconds, double LengthSeconds, long Received, double P50Us, double P99Us, double MaxUs)
{
    public double TicksPerSecond => LengthSeconds > 0 ? Math.Round(Received / LengthSeconds, 1) : 0;
}
