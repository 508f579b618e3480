namespace TickStream.Cli.Tests;

/// <summary><c>feed</c> stopped by a service manager: SIGTERM drains the ring, prints the final counters and exits 0.</summary>
public sealed class FeedStopTests
{
    [Fact]
    public async Task Feed_Terminated_DrainsAndExits0WithTheFinalCounters()
    {
        using var feed = CliProcess.Start(true, "feed", "--pub", $"tcp://127.0.0.1:{Ports.Free()}", "--rate", "1000", "--stats-interval", "200ms");
        Assert.True(Poll.Until(() => feed.Output.Contains("Counters:", StringComparison.Ordinal) || feed.HasExited, CliProcess.Deadline), feed.Error);

        feed.Terminate();
        var code = await feed.WaitAsync();

        Assert.True(code == 0, feed.Output + feed.Error);
        Assert.Contains("Stopped (ring drained)", feed.Output, StringComparison.Ordinal);
        Assert.Contains("Final counters:", feed.Output, StringComparison.Ordinal);
    }
}
