using System.Diagnostics;
using System.Text.Json;

namespace TickStream.Cli.Tests;

/// <summary>
/// The Python client's command line against the gateways the C# verbs use: the same JSON line fields as
/// <c>watch --format json</c>, a CurveZMQ gateway by --server-key, and an entitled session by --credential.
/// Skipped where /usr/bin/python3 has no pyzmq.
/// </summary>
public sealed class PythonCliTests
{
    /// <summary>The fields docs/CLIENT.md promises on a Quote line from both clients.</summary>
    private static readonly string[] QuoteFields =
        ["type", "topic", "streamId", "symbol", "streamSeq", "symbolSeq", "exchangeTime", "ingestTime", "receiveTime", "latencyNs", "flags", "bidPrice", "bidSize", "askPrice", "askSize"];

    [Fact]
    public async Task PythonAndWatch_ThroughCurveGateway_WriteTheSameJsonFields()
    {
        Assert.SkipWhen(Pyzmq.MissingReason() is not null, Pyzmq.MissingReason() ?? "");
        using var market = new CurveMarket(entitlements: false, "AAPL");
        var (gateway, keyFile) = (market.Gateway, market.KeyFile);

        var (code, output, error) = await RunPython("--connect", gateway.PublishEndpoint, "--server-key", keyFile, "--count", "40", "AAPL");
        Assert.True(code == 0, error);
        using var watch = await CliProcess.RunAsync("watch", "--connect", gateway.PublishEndpoint, "--server-key", keyFile, "--raw", "--format", "json", "--count", "40", "AAPL");
        Assert.Equal(0, watch.ExitCode);

        foreach (var lines in (string[])[output, watch.Output])
        {
            var quotes = lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
                .Where(o => o.GetProperty("type").GetString() == "Quote").ToList();
            Assert.NotEmpty(quotes);
            Assert.All(quotes, q => Assert.All(QuoteFields, f => Assert.True(q.TryGetProperty(f, out _), $"{f} missing in {q}")));
            Assert.All(quotes, q => Assert.Equal("Q.AAPL|", q.GetProperty("topic").GetString()));
        }
    }

    [Fact]
    public async Task Python_WithCredential_StreamsItsEntitledSymbol_AndARefusalExits1()
    {
        Assert.SkipWhen(Pyzmq.MissingReason() is not null, Pyzmq.MissingReason() ?? "");
        using var market = new CurveMarket(entitlements: true, "AAPL", "MSFT");
        var (gateway, server) = (market.Gateway, market.Server);

        var (code, output, error) = await RunPython("--req", gateway.RequestEndpoint, "--server-key", server.PublicKeyZ85, "--credential", Market.AaplOnly, "--count", "20", "AAPL");
        Assert.True(code == 0, error);
        var symbols = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(o => o.TryGetProperty("symbol", out _)).Select(o => o.GetProperty("symbol").GetString()).Distinct().ToList();
        Assert.Equal(["AAPL"], symbols);

        var refused = await RunPython("--req", gateway.RequestEndpoint, "--server-key", server.PublicKeyZ85, "--credential", Market.AaplOnly, "--count", "20", "MSFT");
        Assert.Equal(1, refused.Code);
        Assert.Contains("not entitled to MSFT", refused.Error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunPython(params string[] arguments)
    {
        var start = new ProcessStartInfo(Pyzmq.Python, ["-m", "tickstream", .. arguments])
        {
            WorkingDirectory = Path.Combine(AppContext.BaseDirectory, "python"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = python.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(CliProcess.Deadline);
        try
        {
            await python.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            python.Kill(entireProcessTree: true);
            throw new TimeoutException("python3 -m tickstream did not exit: " + await error);
        }

        return (python.ExitCode, await output, await error);
    }
}
