namespace TickStream.LoadTest;

/// <summary>
/// For one path: the highest target rate tried at which the median run, and the median run at every lower rate
/// tried, lost nothing and delivered at least 97% of the target (the source and the subscriber kept up); and the
/// first rate that failed.
/// </summary>
internal sealed record NoLossRate(string Path, bool SpinLimitZero, double HighestSustainedRate, double? LowestFailedRate, double? RatioToRawOneFrame);
