using TickStream.Sources;

namespace TickStream.LoadTest;

/// <summary>The synthetic market every scenario's source uses, TickStream and baselines alike.</summary>
internal static class HarnessMarket
{
    /// <summary>
    /// Poisson arrivals at a fixed mean rate (no bursts), so the expected interval between ticks is known for the
    /// coordinated-omission correction and is the same for every path.
    /// </summary>
    public static SyntheticMarketOptions Options(double ticksPerSecond, long maxTicks, ulong seed, TimeSpan pacingSlack) => new()
    {
        Seed = seed,
        PacingSlack = pacingSlack,
        TicksPerSecond = ticksPerSecond,
        MaxTicks = maxTicks,
        BurstRateMultiplier = 1,
        BurstTickShare = 0,
    };
}
