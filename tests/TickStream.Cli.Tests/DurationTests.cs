using TickStream.Cli.Hosting;

namespace TickStream.Cli.Tests;

/// <summary>One duration syntax on every verb, negative values refused, and --duration exact rather than rounded up.</summary>
public sealed class DurationTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("00:00:30", 30_000)]
    [InlineData("1.5", 1_500)]
    [InlineData("0", 0)]
    public void TryParse_EveryForm_GivesTheDuration(string text, long milliseconds)
    {
        Assert.True(CliDuration.TryParse(text, out var duration, out var error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("-1s", "negative")]
    [InlineData("-00:00:01", "negative")]
    [InlineData("abc", "is not a duration")]
    [InlineData("5 parsecs", "is not a duration")]
    [InlineData("", "is not a duration")]
    public void TryParse_NegativeOrNotADuration_IsRefusedWithTheReason(string text, string reason)
    {
        Assert.False(CliDuration.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("feed")]
    [InlineData("gateway")]
    [InlineData("watch")]
    [InlineData("record")]
    [InlineData("demo")]
    public async Task EveryVerb_RefusesANegativeDurationWithExit2(string verb)
    {
        string[] required = verb switch
        {
            "gateway" => ["--sub", "tcp://127.0.0.1:1", "--plain"],
            "record" => ["--connect", "tcp://127.0.0.1:1", "--out", "unused"],
            _ => [],
        };
        using var run = await CliProcess.RunAsync([verb, .. required, "--duration", "-2s"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--duration: '-2s' is negative", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feed_Duration_EndsTheRunAtItsTimeNotAtTheNextCountersLine()
    {
        // With counters every hour, a duration rounded up to the stats interval would run for an hour: the run
        // ends within the test's deadline only if --duration ends it by itself.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var run = await CliProcess.RunAsync("feed", "--pub", "tcp://127.0.0.1:0", "--rate", "100", "--stats-interval", "1h", "--duration", "500ms");

        Assert.Equal(0, run.ExitCode);
        Assert.True(clock.Elapsed < CliProcess.Deadline, $"took {clock.Elapsed}");
        Assert.Contains("Final counters", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_Duration_EndsTheRunAtItsTimeNotAtTheNextCountersLine()
    {
        using var run = await CliProcess.RunAsync("gateway", "--sub", $"tcp://127.0.0.1:{Ports.Free()}", "--plain",
            "--pub", "tcp://127.0.0.1:0", "--req", "tcp://127.0.0.1:0", "--stats-interval", "1h", "--duration", "500ms");

        Assert.Equal(0, run.ExitCode);
    }
}
