using TickStream.Testing;

namespace TickStream.Reliability.Tests;

/// <summary><c>tickstream feed</c> with malformed CSV rows: logged where and why, exit 0, or exit 1 with <c>--strict</c>.</summary>
public sealed class FeedStrictTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 1)]
    public void FeedCsv_MalformedRows_AreLoggedAndStrictMakesTheRunFail(bool strict, int exitCode)
    {
        using var files = new TempDirectory();
        var csv = files.Write("bad.csv", """
            time,symbol,type,price,size,side,bid,bid_size,ask,ask_size
            2024-03-01T14:30:00Z,MSFT,T,419.5,100,B,,,,
            2024-03-01T14:30:00Z,MSFT,T,41x.5,100,B,,,,
            not,enough,columns
            2024-03-01T14:30:02Z,MSFT,T,419.6,300,S,,,,
            """);
        var endpoint = $"tcp://127.0.0.1:{Ports.FreeBelowEphemeralRange()}";
        var cli = ChildProcess.AssemblyPath("tickstream", "clients/TickStream.Cli");
        string[] arguments = ["feed", "--source", "csv:" + csv, "--pub", endpoint, "--wait-subscribers", "0", "--stats-interval", "00:01:00"];
        using var feed = ChildProcess.StartDotnet("feed", cli, strict ? [.. arguments, "--strict"] : arguments);

        Assert.True(feed.WaitForExit(Deadline), feed.Log());
        Assert.True(feed.ExitCode == exitCode, feed.Log());
        var lines = feed.Lines();
        Assert.Contains(lines, l => l.Contains("malformed input at bad.csv:3: price '41x.5' is not a decimal number", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("malformed input at bad.csv:4: row has 3 columns; the header has 10", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("2 malformed inputs by reason: 1 x price '...'", StringComparison.Ordinal));
        Assert.Equal(strict, feed.Log(200).Contains("--strict: 2 malformed input(s) were skipped", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("   at ", StringComparison.Ordinal));
    }
}
