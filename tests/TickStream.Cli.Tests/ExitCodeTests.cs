using System.Net;
using System.Net.Sockets;
using TickStream.Journal;

namespace TickStream.Cli.Tests;

/// <summary>
/// Every verb that cannot do its job exits non-zero with one plain line naming the problem: no stack trace and no
/// .NET type name, whatever the failure (issue: the eight failure cases that exited 0 or with a trace).
/// </summary>
public sealed class ExitCodeTests
{
    public static TheoryData<string[], int, string> BadArguments => new()
    {
        { ["feed", "--pub", "tcp:/127.0.0.1:5999", "--duration", "1s"], 2, "'tcp:/127.0.0.1:5999' is not an endpoint" },
        { ["feed", "--stats-interval", "00:00:00"], 2, "--stats-interval: must be more than 0" },
        { ["gateway", "--sub", "tcp:/x", "--plain"], 2, "--sub: 'tcp:/x' is not an endpoint" },
        { ["feed", "--config", "/nonexistent-dir/nope.json"], 2, "the file '/nonexistent-dir/nope.json' does not exist" },
        { ["feed", "--duration", "abc"], 2, "--duration: 'abc' is not a duration" },
        { ["feed", "--duration", "-5s"], 2, "'-5s' is negative" },
        { ["record", "--connect", "tcp:/x", "--out", "unused-journal"], 2, "--connect: 'tcp:/x' is not an endpoint" },
        { ["feed", "--symbols", "FOO", "--pub", "tcp://127.0.0.1:0", "--duration", "1s"], 2, "symbol 'FOO' is not in the synthetic universe" },
        { ["feed", "--full-ring", "Sideways"], 2, "'Sideways' is not a valid value for --full-ring" },
        { ["watch", "--connect", "tcp://127.0.0.1", "AAPL"], 2, "a tcp endpoint needs a host and a port" },
        { ["watch", "--count", "-3", "AAPL"], 2, "--count must be 0 (no limit) or more" },
        { ["watch", "--credential", "some-credential-0123456789", "AAPL"], 2, "--credential needs --req" },
        { ["snapshot", "--req", "tcp:/x", "AAPL"], 2, "--req: 'tcp:/x' is not an endpoint" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task BadArgumentOrConfiguration_ExitsWithItsCodeAndOnePlainLine(string[] arguments, int expectedCode, string expectedText)
    {
        using var run = await CliProcess.RunAsync(arguments);

        Assert.Equal(expectedCode, run.ExitCode);
        Assert.Contains(expectedText, run.Error, StringComparison.Ordinal);
        AssertPlain(run.Error);
    }

    [Fact]
    public async Task Feed_MetricsPortInUse_Exits2BeforeReadingItsSources()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        using var run = await CliProcess.RunAsync("feed", "--pub", "tcp://127.0.0.1:0", "--metrics-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "30s");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--metrics-port is already in use", run.Error, StringComparison.Ordinal);
        Assert.Contains("ticks in 0,", run.Output, StringComparison.Ordinal);
        AssertPlain(run.Error + run.Output);
    }

    [Fact]
    public async Task Feed_PubPortInUse_Exits2()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        using var run = await CliProcess.RunAsync("feed", "--pub", $"tcp://127.0.0.1:{port}", "--duration", "30s");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("already in use", run.Error + run.Output, StringComparison.Ordinal);
        AssertPlain(run.Error + run.Output);
    }

    [Fact]
    public async Task Replay_PubPortInUse_Exits2NamingTheEndpoint()
    {
        using var files = new TempDirectory();
        var journal = files.PathOf("journal");
        using (var writer = JournalWriter.Open(journal, new JournalWriterOptions { StreamName = "test" }))
        {
            writer.Append("H|x"u8, 1);
        }

        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var endpoint = $"tcp://127.0.0.1:{((IPEndPoint)holder.LocalEndpoint).Port}";

        using var run = await CliProcess.RunAsync("replay", journal, "--pub", endpoint, "--wait-subscribers", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--pub {endpoint}: the address is already in use", run.Error, StringComparison.Ordinal);
        AssertPlain(run.Error);
    }

    [Fact]
    public async Task Feed_JournalHeldByAnotherWriter_Exits2WithAPlainLine()
    {
        using var files = new TempDirectory();
        var journal = files.PathOf("journal");
        using var holder = JournalWriter.Open(journal, new JournalWriterOptions { StreamName = "recorder" });

        using var run = await CliProcess.RunAsync("feed", "--pub", "tcp://127.0.0.1:0", "--journal", journal, "--duration", "30s");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("tickstream feed: journal:", run.Error, StringComparison.Ordinal);
        AssertPlain(run.Error + run.Output);
    }

    [Fact]
    public async Task EveryVerb_HelpListsItsExitCodes()
    {
        foreach (var verb in (string[])["feed", "gateway", "watch", "record", "replay", "symbols", "snapshot"])
        {
            using var run = await CliProcess.RunAsync(verb, "--help");
            Assert.Equal(0, run.ExitCode);
            Assert.Contains("Exit codes: 0 ", run.Output, StringComparison.Ordinal);
        }
    }

    /// <summary>No stack trace, no exception type, no .NET generic type name.</summary>
    internal static void AssertPlain(string text)
    {
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("`1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter '", text, StringComparison.Ordinal);
    }
}
