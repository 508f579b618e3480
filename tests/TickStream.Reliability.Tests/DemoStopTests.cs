namespace TickStream.Reliability.Tests;

/// <summary>The demo stopped early by a signal still drains, prints its summary and exits 0.</summary>
public sealed class DemoStopTests
{
    [Fact]
    public void Demo_TerminatedMidRun_PrintsTheSummaryAndExitsZero()
    {
        var cli = ChildProcess.AssemblyPath("tickstream", "clients/TickStream.Cli");
        using var demo = ChildProcess.StartDotnet("demo", cli, ["demo", "--duration", "00:05:00", "--rate", "2000"]);
        Assert.True(demo.WaitForLine(l => l.Contains("subscribing to", StringComparison.Ordinal), TimeSpan.FromSeconds(60)) >= 0, demo.Log());

        demo.Terminate(); // SIGTERM takes the same path as Ctrl+C (SIGINT), which a test's children may inherit as ignored

        Assert.True(demo.WaitForExit(TimeSpan.FromSeconds(60)), demo.Log());
        Assert.True(demo.ExitCode == 0, demo.Log());
        Assert.True(demo.WaitForLine(l => l.StartsWith("tickstream watch: ", StringComparison.Ordinal), TimeSpan.FromSeconds(5)) >= 0, demo.Log());
        Assert.True(demo.WaitForLine(l => l.StartsWith("Feed handler: ", StringComparison.Ordinal) && l.Contains("ring drained", StringComparison.Ordinal), TimeSpan.FromSeconds(5)) >= 0, demo.Log());
    }
}
