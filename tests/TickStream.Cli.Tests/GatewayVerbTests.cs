using System.Text.Json;
using TickStream.Gateway;
using TickStream.Journal;

namespace TickStream.Cli.Tests;

/// <summary>
/// The verbs against a gateway: <c>symbols</c> (LIST) lists every instrument however the feed and the gateway were
/// started, <c>snapshot</c>, and <c>watch</c> and <c>record</c> through a CurveZMQ gateway with a credential.
/// </summary>
public sealed class GatewayVerbTests
{
    private static readonly string[] Five = ["AAPL", "MSFT", "NVDA", "SPY", "IBM"];

    [Fact]
    public async Task Symbols_GatewayStartedAfterTheFeed_ListsEveryInstrument()
    {
        using var feed = Market.StartFeed(500, Five);
        feed.StartSources();

        // Every symbol has ticked (its definition went by) before the gateway exists.
        Assert.True(Poll.Until(() => feed.Counters.Published > 200, CliProcess.Deadline));
        using (var gateway = Market.StartGateway(feed.Endpoint))
        {
            await AssertListsAll(gateway.RequestEndpoint);
        }

        // A restarted gateway starts with an empty cache: the feed announces again.
        using var restarted = Market.StartGateway(feed.Endpoint);
        await AssertListsAll(restarted.RequestEndpoint);
    }

    [Fact]
    public async Task Symbols_GatewayStartedFirst_ListsEveryInstrumentAsJson()
    {
        using var feed = Market.StartFeed(500, Five);
        using var gateway = Market.StartGateway(feed.Endpoint);
        Assert.True(Poll.Until(() => feed.Counters.Subscriptions > 0, CliProcess.Deadline));
        feed.StartSources();

        var listed = new HashSet<string>();
        Assert.True(await PollAsync(async () =>
        {
            using var run = await CliProcess.RunAsync("symbols", "--req", gateway.RequestEndpoint, "--json");
            if (run.ExitCode == 0)
            {
                foreach (var line in run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var o = JsonDocument.Parse(line).RootElement;
                    Assert.Equal("InstrumentDefinition", o.GetProperty("type").GetString());
                    listed.Add(o.GetProperty("symbol").GetString()!);
                }
            }

            return listed.SetEquals(Five);
        }), string.Join(" ", listed));
    }

    [Fact]
    public async Task Snapshot_KnownSymbolPrintsItsLastValues_UnknownExits1()
    {
        using var feed = Market.StartFeed(1_000, Five);
        var options = new GatewayOptions { Publish = "tcp://127.0.0.1:*", Request = "tcp://127.0.0.1:*" };
        options.Upstreams.Add(feed.Endpoint);
        options.CachePrefixes.Add("Q.");
        options.CachePrefixes.Add("T.");
        using var gateway = new GatewayEngine(options);
        gateway.Start();
        feed.StartSources();

        CliProcess? last = null;
        Assert.True(await PollAsync(async () =>
        {
            last?.Dispose();
            last = await CliProcess.RunAsync("snapshot", "--req", gateway.RequestEndpoint, "--json", "AAPL", "MSFT");
            return last.ExitCode == 0;
        }), last?.Error);
        var objects = last!.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["AAPL", "MSFT"], objects.Select(o => o.GetProperty("symbol").GetString()).Order());
        Assert.All(objects, o => Assert.Equal("Snapshot", o.GetProperty("type").GetString()));
        last.Dispose();

        using var unknown = await CliProcess.RunAsync("snapshot", "--req", gateway.RequestEndpoint, "ZZZZ");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no snapshot of ZZZZ", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Symbols_NoGatewayThere_Exits1SayingWhatToCheck()
    {
        using var run = await CliProcess.RunAsync("symbols", "--req", $"tcp://127.0.0.1:{Ports.Free()}", "--timeout", "500ms");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is a gateway's request service listening on", run.Error, StringComparison.Ordinal);
        ExitCodeTests.AssertPlain(run.Error);
    }

    [Fact]
    public async Task Watch_ThroughCurveGateway_WithServerKey_ReceivesFrames_WithoutIt_Exits1()
    {
        using var market = new CurveMarket(entitlements: false, "AAPL");
        var (gateway, keyFile) = (market.Gateway, market.KeyFile);

        using var run = await CliProcess.RunAsync("watch", "--connect", gateway.PublishEndpoint, "--server-key", keyFile, "--raw", "--count", "10", "AAPL");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("AAPL", run.Output, StringComparison.Ordinal);

        using var plain = await CliProcess.RunAsync("watch", "--connect", gateway.PublishEndpoint, "--raw", "--duration", "1500ms", "AAPL");
        Assert.Equal(1, plain.ExitCode);
        Assert.Contains("--server-key", plain.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchAndRecord_ThroughEntitledGateway_WithCredential_GetTheirSymbol()
    {
        using var market = new CurveMarket(entitlements: true, "AAPL", "MSFT");
        var (gateway, keyFile, server) = (market.Gateway, market.KeyFile, market.Server);

        using var watch = await CliProcess.RunAsync("watch", "--req", gateway.RequestEndpoint, "--server-key", server.PublicKeyZ85,
            "--credential", Market.AaplOnly, "--raw", "--count", "10", "AAPL");
        Assert.Equal(0, watch.ExitCode);
        Assert.Contains(" AAPL ", watch.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MSFT", watch.Output, StringComparison.Ordinal);

        using var refused = await CliProcess.RunAsync("watch", "--req", gateway.RequestEndpoint, "--server-key", keyFile,
            "--credential", Market.AaplOnly, "--raw", "--count", "10", "MSFT");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("not entitled to MSFT", refused.Error, StringComparison.Ordinal);

        var journal = market.PathOf("journal");
        using var record = await CliProcess.RunAsync("record", "--connect", gateway.PublishEndpoint, "--req", gateway.RequestEndpoint,
            "--server-key", keyFile, "--credential", Market.AaplOnly, "--out", journal, "--duration", "2s", "AAPL");
        Assert.Equal(0, record.ExitCode);
        var topics = new List<string>();
        using (var reader = JournalReader.Open(journal))
        {
            while (reader.TryRead(out var message))
            {
                topics.Add(System.Text.Encoding.ASCII.GetString(message.Message[..7]));
            }
        }

        Assert.Contains(topics, t => t.StartsWith("Q.AAPL|", StringComparison.Ordinal) || t.StartsWith("T.AAPL|", StringComparison.Ordinal));
        Assert.DoesNotContain(topics, t => t.Contains("MSFT", StringComparison.Ordinal));
    }

    private static async Task AssertListsAll(string requestEndpoint)
    {
        CliProcess? last = null;
        var ok = await PollAsync(async () =>
        {
            last?.Dispose();
            last = await CliProcess.RunAsync("symbols", "--req", requestEndpoint);
            return last.ExitCode == 0 && Five.All(s => last.Output.Contains(s + " ", StringComparison.Ordinal));
        });
        Assert.True(ok, last?.Output + last?.Error);
        last?.Dispose();
    }

    private static async Task<bool> PollAsync(Func<Task<bool>> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < CliProcess.Deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        return false;
    }
}
