using System.CommandLine;
using System.Text.Json;
using TickStream.Cli.Commands;
using TickStream.FeedHandler;
using TickStream.Journal;
using TickStream.Monitoring;
using TickStream.Sources;

namespace TickStream.Replay.Tests;

/// <summary>Holes (frames not journaled) reach <c>journal inspect</c> and <c>replay</c>; <c>stats</c> shows rates and JSON.</summary>
public sealed class HoleAndStatsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static async Task<int> Invoke(Command command, params string[] args)
    {
        var root = new RootCommand("test") { command };
        return await root.Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>Quotes 1..count of one symbol, without those in <paramref name="lost"/>.</summary>
    private static string WriteWithHole(TestJournal files, int count, Range lost)
    {
        var directory = files.PathOf("holed");
        using var writer = JournalWriter.Open(directory, new JournalWriterOptions { StreamName = "test" });
        var (offset, length) = lost.GetOffsetAndLength(count + 1);
        for (var seq = 1; seq <= count; seq++)
        {
            if (seq >= offset && seq < offset + length)
            {
                continue;
            }

            var time = TestJournal.StartNs + (seq * 1_000L);
            writer.Append(TestJournal.Quote("AAPL", (ulong)seq, time), time);
        }

        return directory;
    }

    [Fact]
    public async Task InspectVerb_JournalWithAHole_ExitsOne()
    {
        using var files = new TestJournal();
        var directory = WriteWithHole(files, 1_000, 301..421);
        var inspection = JournalInspector.Inspect(directory);
        var hole = Assert.Single(inspection.Holes);
        Assert.Equal((300UL, 421UL, 120L), (hole.AfterSeq, hole.BeforeSeq, hole.MissingFrames));
        Assert.True(inspection.IsHealthy, "a hole is not corruption");
        Assert.Equal(1, await Invoke(JournalCommand.Create(), "journal", "inspect", directory));
    }

    [Fact]
    public void Replay_JournalWithAHole_SaysSoInItsSummary()
    {
        using var files = new TestJournal();
        var directory = WriteWithHole(files, 500, 101..111);
        var (summary, received) = JournalReplayerTests.ReplayToCollector(directory, ReplaySpeed.Max, expected: 490);
        Assert.Equal(490, received.Count);
        var hole = Assert.Single(summary.Holes);
        Assert.Equal(10, hole.MissingFrames);
        Assert.Contains("hole             10 frames missing in stream 1 between seq 100 and 111", summary.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_TwoScrapesOfARunningFeed_GiveCounterRatesAndOneJsonObjectPerRefresh()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarketOptions { Seed = 5, TicksPerSecond = 2_000, Symbols = ["AAPL"] };
        using var engine = new FeedEngine(new FeedHandlerOptions { Publish = "tcp://127.0.0.1:*", RingSize = 1024 }, [new SyntheticMarket(market, registry)], registry);
        engine.Start();
        using var metrics = new FeedMetrics(engine);
        using var endpoint = new MonitoringEndpoint(0, () => new HealthReport(true, new Dictionary<string, object> { ["feedAlive"] = true }));
        using var http = new HttpClient { BaseAddress = endpoint.Url, Timeout = TimeSpan.FromSeconds(10) };

        var first = StatsCommand.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), ct), all: false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var ticksBefore = first.Find(s => s.Name == "tickstream_feed_ticks_in_total")!.Value;
        Assert.True(Poll.Until(() => engine.Counters.TicksIn > ticksBefore + 100, Deadline), "the feed produced nothing");
        var second = StatsCommand.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), ct), all: false);
        var elapsed = clock.Elapsed;
        StatsCommand.AddRates(second, StatsCommand.Values(first), elapsed);
        engine.Stop();

        var ticks = second.Find(s => s.Name == "tickstream_feed_ticks_in_total")!;
        Assert.Equal("counter", ticks.Type);
        Assert.Equal((ticks.Value - ticksBefore) / elapsed.TotalSeconds, ticks.RatePerSecond!.Value, 6);
        Assert.True(ticks.RatePerSecond > 0);
        Assert.All(second.FindAll(s => s.Type == "gauge"), s => Assert.Null(s.RatePerSecond));
        Assert.DoesNotContain(second, s => !s.Name.StartsWith("tickstream_", StringComparison.Ordinal));

        var json = StatsCommand.ToJson(second, "{\"healthy\": true}", DateTimeOffset.UnixEpoch);
        Assert.DoesNotContain('\n', json);
        using var document = JsonDocument.Parse(json);
        Assert.True(document.RootElement.GetProperty("health").GetProperty("healthy").GetBoolean());
        var series = document.RootElement.GetProperty("metrics").EnumerateArray()
            .First(m => m.GetProperty("name").GetString() == "tickstream_feed_ticks_in_total");
        Assert.True(series.GetProperty("ratePerSecond").GetDouble() > 0);

        var plain = StatsCommand.ToPlain(second, "{}", DateTimeOffset.UnixEpoch);
        Assert.Matches(@"tickstream_feed_ticks_in_total\{endpoint=""[^""]+""\} [\d,]+ \([\d.]+/s\)\n", plain);
    }

    [Fact]
    public async Task StatsVerb_NothingListening_ExitsTwoWithAPlainMessage()
    {
        var port = FreeTcpPort();
        Assert.Equal(2, await Invoke(StatsCommand.Create(), "stats", "--connect", $"http://127.0.0.1:{port}", "--once", "--json"));
        Assert.Equal(2, await Invoke(StatsCommand.Create(), "stats", "--connect", "nope", "--once"));
    }

    private static int FreeTcpPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
