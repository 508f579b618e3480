using System.Diagnostics;
using System.Text.Json;
using NetMQ;

namespace TickStream.Gateway.Tests;

/// <summary>pyzmq on the C libzmq against the gateway: a CURVE subscriber and a REQ snapshot client.</summary>
public sealed class PythonInteropTests
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task PyzmqCurveSubscriber_ThroughGateway_DecodesItsSymbolsFrames()
    {
        SkipUnlessPyzmq();
        var directory = Directory.CreateTempSubdirectory("gateway-py-");
        try
        {
            var server = new NetMQCertificate();
            var publicFile = Path.Combine(directory.FullName, "server.key");
            CurveCertificateFile.WritePair(server, publicFile);
            using var feed = Loopback.StartFeed(2_000, "AAPL", "MSFT");
            feed.StartSources();
            var options = Loopback.Options(feed.Endpoint);
            options.ServerCertificate = CurveCertificateFile.Read(publicFile + CurveCertificateFile.SecretSuffix);
            using var gateway = Loopback.StartGateway(options);

            var (exit, output, errors) = await RunPython("gateway_curve.py", "--connect", gateway.PublishEndpoint,
                "--server-key", publicFile, "--count", "50", "--seconds", "20", "AAPL");
            Assert.True(exit == 0, errors);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(50, lines.Length);
            foreach (var line in lines)
            {
                using var json = JsonDocument.Parse(line);
                var topic = json.RootElement.GetProperty("topic").GetString()!;
                Assert.True(topic.EndsWith(".AAPL|", StringComparison.Ordinal) || topic is "H|" or "S|", topic);
                if (topic.StartsWith("Q.", StringComparison.Ordinal))
                {
                    Assert.Equal("Quote", json.RootElement.GetProperty("type").GetString());
                    Assert.Equal("AAPL", json.RootElement.GetProperty("symbol").GetString());
                }
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task PyzmqReqClient_AsksForSnapshot_GetsDecodableSnapshotThenEnd()
    {
        SkipUnlessPyzmq();
        using var feed = Loopback.StartFeed(2_000, "AAPL", "MSFT");
        feed.StartSources();
        using var gateway = Loopback.StartGateway(Loopback.Options(feed.Endpoint));
        using var warm = new FrameCollector(gateway.PublishEndpoint, ["Q.AAPL|", "T.AAPL|"]);
        Assert.True(Loopback.WaitUntil(() => warm.CountTopic("Q.") >= 5 && warm.CountTopic("T.") >= 5));

        var (exit, output, errors) = await RunPython("gateway_request.py", "--connect", gateway.RequestEndpoint, "SNAPSHOT", "AAPL");
        Assert.True(exit == 0, errors + output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var snapshot = JsonDocument.Parse(Array.Find(lines, l => l.Contains("\"Snapshot\"", StringComparison.Ordinal))!);
        Assert.Equal("X.AAPL|", snapshot.RootElement.GetProperty("topic").GetString());
        Assert.Equal("AAPL", snapshot.RootElement.GetProperty("symbol").GetString());
        Assert.Equal("{\"end\": \"END\"}", lines[^1]);

        (exit, output, _) = await RunPython("gateway_request.py", "--connect", gateway.RequestEndpoint, "Hello");
        Assert.Equal(1, exit);
        Assert.Contains("ERROR a known command, got 'Hello'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PyzmqDealer_WrittenFromRecoveryDoc_RetransmitsAByteIdenticalRangeUnderCredit()
    {
        SkipUnlessPyzmq();
        using var flowing = FlowingGateway.Start(o => o.Transfers.MaxReplyFrames = 25, 400, "IBM", "AAPL", "MSFT");
        var gateway = flowing.Gateway;
        var seen = flowing.Live.Sequenced();
        var from = TransferReader.StreamSeq(seen[50]);
        var to = TransferReader.StreamSeq(seen[349]);

        var (exit, output, errors) = await RunPython("recovery_dealer.py", "--connect", gateway.RequestEndpoint, "1", "*", $"{from}", $"{to}");
        Assert.True(exit == 0, errors + output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var last = JsonDocument.Parse(lines[^1]);
        Assert.Equal("END", last.RootElement.GetProperty("status").GetString());
        Assert.True(last.RootElement.GetProperty("messages").GetInt32() >= 12);
        var hex = lines[..^1].Select(l =>
        {
            using var json = JsonDocument.Parse(l);
            return json.RootElement.GetProperty("hex").GetString()!;
        }).ToList();
        Assert.Equal(seen[50..350].Select(m => Convert.ToHexString(m).ToLowerInvariant()), hex);

        // A range nothing holds: one ERROR naming what is held.
        (exit, output, _) = await RunPython("recovery_dealer.py", "--connect", gateway.RequestEndpoint, "1", "*", "1000000000", "1000000001");
        Assert.Equal(1, exit);
        Assert.Contains("ERROR unavailable: stream 1 session ", output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Errors)> RunPython(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Python, [script, .. arguments])
        {
            WorkingDirectory = Path.Combine(AppContext.BaseDirectory, "python"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = python.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Loopback.Deadline);
        try
        {
            await python.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            python.Kill(entireProcessTree: true);
            throw;
        }

        return (python.ExitCode, await output, await errors);
    }

    internal static void SkipUnlessPyzmq()
    {
        if (!File.Exists(Python))
        {
            Assert.Skip($"{Python} is not installed (apt-get install python3-zmq)");
        }

        using var probe = Process.Start(new ProcessStartInfo(Python, ["-c", "import zmq"]) { RedirectStandardError = true })!;
        if (!probe.WaitForExit(TimeSpan.FromSeconds(20)) || probe.ExitCode != 0)
        {
            Assert.Skip("pyzmq is not installed for /usr/bin/python3 (apt-get install python3-zmq)");
        }
    }
}
