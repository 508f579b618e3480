namespace TickStream.Cli.Tests;

/// <summary><c>demo</c>: Ctrl+C ends the market early and still prints the summary.</summary>
public sealed class DemoTests
{
    [Fact]
    public async Task Demo_CtrlC_PrintsTheSummaryAndExits0()
    {
        using var demo = CliProcess.Start(true, "demo", "--duration", "10m", "--rate", "2000", "--no-gateway", "--symbols", "AAPL", "MSFT");
        Assert.True(Poll.Until(() => demo.Output.Contains("subscribing to", StringComparison.Ordinal) || demo.HasExited, CliProcess.Deadline), demo.Error);

        demo.Interrupt();
        var code = await demo.WaitAsync();

        // However early the signal came: the summary, and exit 0 unless nothing at all had arrived yet (then 1, saying so).
        Assert.Equal(demo.Error.Contains("nothing received", StringComparison.Ordinal) ? 1 : 0, code);
        Assert.Contains("frames in", demo.Output, StringComparison.Ordinal);
        Assert.Contains("Feed handler:", demo.Output, StringComparison.Ordinal);
    }
}
