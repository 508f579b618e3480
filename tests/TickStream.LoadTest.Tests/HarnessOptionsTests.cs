namespace TickStream.LoadTest.Tests;

public sealed class HarnessOptionsTests
{
    [Fact]
    public void TryParse_RatesDurationAndFlags_AreRead()
    {
        Assert.True(HarnessOptions.TryParse(["--rate", "10k,100000,max", "--duration", "10s", "--subscribers", "2", "--baseline", "--spin-limit", "both"], out var options, out var error), error);

        Assert.Equal([10_000.0, 100_000.0, 0.0], options.Rates);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Duration);
        Assert.Equal(2, options.Subscribers);
        Assert.True(options.Baseline);
        Assert.Equal(SpinLimitMode.Both, options.SpinLimit);
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("2m", 120)]
    [InlineData("00:00:10", 10)]
    public void ParseDuration_CommonForms_GiveSeconds(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), HarnessOptions.ParseDuration(text));

    [Theory]
    [InlineData("--rate", "-5", "not a positive number")]
    [InlineData("--duration", "soon", "is not a duration")]
    [InlineData("--subscribers", "0", "from 1 to 16")]
    [InlineData("--spin-limit", "maybe", "use default, 0 or both")]
    public void TryParse_BadValue_SaysWhichAndWhy(string name, string value, string expected)
    {
        Assert.False(HarnessOptions.TryParse([name, value], out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_UnknownArgument_IsNamed()
    {
        Assert.False(HarnessOptions.TryParse(["--rat", "5"], out _, out var error));
        Assert.Equal("unknown argument '--rat'", error);
    }
}
