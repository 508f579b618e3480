using System.Text.Json;

namespace TickStream.Cli.Tests;

/// <summary><c>watch</c>: --count, a closed output, and a non-zero exit when nothing arrives for what was asked.</summary>
public sealed class WatchTests
{
    [Fact]
    public async Task Watch_Count_StopsAfterThatManyFramesWithExit0()
    {
        using var feed = Market.StartFeed(2_000, "AAPL", "MSFT");
        feed.StartSources();

        using var run = await CliProcess.RunAsync("watch", "--connect", feed.Endpoint, "--raw", "--format", "json", "--count", "25", "AAPL");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(25, lines.Count);
        var symbolLines = lines.Where(o => o.TryGetProperty("symbol", out _)).ToList();
        Assert.All(symbolLines, o => Assert.Equal("AAPL", o.GetProperty("symbol").GetString()));
        Assert.All(symbolLines, o => Assert.Equal(1, o.GetProperty("streamId").GetInt32()));
        Assert.Contains(symbolLines, o => o.GetProperty("type").GetString() == "Quote" && o.TryGetProperty("bidPrice", out _) && o.GetProperty("topic").GetString() == "Q.AAPL|");
    }

    [Fact]
    public async Task Watch_OutputClosedByItsReader_ExitsQuietlyWith0()
    {
        using var feed = Market.StartFeed(2_000, "AAPL");
        feed.StartSources();
        using var watch = CliProcess.Start(false, "watch", "--connect", feed.Endpoint, "--raw", "--duration", "50s", "AAPL");

        // Like `| head -n 3`: read three lines, then close the pipe.
        for (var i = 0; i < 3; i++)
        {
            var line = await watch.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(CliProcess.Deadline, TestContext.Current.CancellationToken);
            Assert.NotNull(line);
        }

        watch.StandardOutput.Dispose();
        var code = await watch.WaitAsync();

        Assert.Equal(0, code);
        ExitCodeTests.AssertPlain(watch.Error);
        Assert.DoesNotContain("Unhandled", watch.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_UnknownSymbol_WarnsAndExits1()
    {
        using var feed = Market.StartFeed(2_000, "AAPL");
        feed.StartSources();

        using var run = await CliProcess.RunAsync("watch", "--connect", feed.Endpoint, "--raw", "--duration", "2s", "AAPL", "ZZZZ");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("nothing received for ZZZZ", run.Error, StringComparison.Ordinal);
        Assert.Contains("AAPL", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_AgainstNothing_WarnsAndExits1()
    {
        using var run = await CliProcess.RunAsync("watch", "--connect", $"tcp://127.0.0.1:{Ports.Free()}", "--duration", "1s");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("nothing received for any symbol", run.Error, StringComparison.Ordinal);
        ExitCodeTests.AssertPlain(run.Error);
    }
}
