namespace TickStream.Cli.Tests;

/// <summary><c>gateway --config</c>: section Gateway of a JSON file configures it; the command line wins.</summary>
public sealed class GatewayConfigTests
{
    [Fact]
    public async Task Gateway_ConfigFile_GivesUpstreamsEndpointsAndPlain()
    {
        using var files = new TempDirectory();
        var request = $"tcp://127.0.0.1:{Ports.Free()}";
        var config = files.Write("gateway.json", $$"""
            { "Gateway": { "Upstreams": [ "tcp://127.0.0.1:{{Ports.Free()}}" ], "Publish": "tcp://127.0.0.1:0", "Request": "{{request}}", "Plain": true } }
            """);
        using var gateway = CliProcess.Start(true, "gateway", "--config", config, "--duration", "50s");

        // A reply from the request endpoint of the file (an empty LIST: no feed behind it) shows the gateway serves there.
        CliProcess? last = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < CliProcess.Deadline && !gateway.HasExited)
        {
            last?.Dispose();
            last = await CliProcess.RunAsync("symbols", "--req", request, "--timeout", "1s");
            if (last.Error.Contains("knows no instrument yet", StringComparison.Ordinal))
            {
                break;
            }
        }

        Assert.Contains("knows no instrument yet", last?.Error ?? "", StringComparison.Ordinal);
        last?.Dispose();
        gateway.Terminate();
        Assert.Equal(0, await gateway.WaitAsync());
    }

    [Fact]
    public async Task Gateway_ConfigWithoutPlainOrKey_Exits2_AndTheCommandLineWins()
    {
        using var files = new TempDirectory();
        var config = files.Write("gateway.json", """
            { "Gateway": { "Upstreams": [ "tcp://127.0.0.1:1" ], "Publish": "tcp:/broken" } }
            """);

        using var broken = await CliProcess.RunAsync("gateway", "--config", config, "--plain");
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("'tcp:/broken' is not an endpoint", broken.Error, StringComparison.Ordinal);

        using var noKey = await CliProcess.RunAsync("gateway", "--config", config, "--pub", "tcp://127.0.0.1:0");
        Assert.Equal(2, noKey.ExitCode);
        Assert.Contains("give --curve-secret FILE", noKey.Error, StringComparison.Ordinal);
    }
}
