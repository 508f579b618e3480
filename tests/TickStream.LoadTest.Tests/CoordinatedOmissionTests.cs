namespace TickStream.LoadTest.Tests;

public sealed class CoordinatedOmissionTests
{
    [Theory]
    [InlineData(100_000L)] // 10k ticks/s: few synthetic values per sample, stepped one by one
    [InlineData(2_000L)] // 500k ticks/s: long stalls are thousands of intervals, walked bucket by bucket
    public void Correct_AfterTheFact_MatchesCorrectingEverySample(long intervalNs)
    {
        var random = new Random(7);
        var raw = LatencyFiles.NewHistogram();
        var perSample = LatencyFiles.NewHistogram();
        for (var i = 0; i < 20_000; i++)
        {
            // Mostly tens of microseconds, a few stalls of up to 50 ms.
            var value = i % 500 == 0 ? random.NextInt64(1_000_000, 50_000_000) : random.NextInt64(5_000, 80_000);
            raw.RecordValue(value);
            perSample.RecordValueWithExpectedInterval(value, intervalNs);
        }

        var corrected = CoordinatedOmission.Correct(raw, intervalNs);

        Assert.InRange(corrected.TotalCount, perSample.TotalCount * 0.995, perSample.TotalCount * 1.005);
        foreach (var percentile in new[] { 50.0, 90.0, 99.0, 99.9 })
        {
            var expected = perSample.GetValueAtPercentile(percentile);
            Assert.InRange(corrected.GetValueAtPercentile(percentile), expected * 0.99, expected * 1.01);
        }

        Assert.True(corrected.TotalCount > raw.TotalCount);
    }

    [Fact]
    public void Correct_NoInterval_IsAPlainCopy()
    {
        var raw = LatencyFiles.NewHistogram();
        raw.RecordValueWithCount(40_000_000, 3);

        var corrected = CoordinatedOmission.Correct(raw, 0);

        Assert.Equal(3, corrected.TotalCount);
    }
}
