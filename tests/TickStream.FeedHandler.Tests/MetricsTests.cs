using System.Globalization;
using System.Text.RegularExpressions;
using TickStream.Monitoring;
using TickStream.Sources;

namespace TickStream.FeedHandler.Tests;

/// <summary>The Prometheus endpoint of a running feed handler reports what it really did.</summary>
public sealed class MetricsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Metrics_ScrapedDuringAndAfterARun_MatchTheTicksSent()
    {
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarketOptions { Seed = 4, TicksPerSecond = 20_000, Symbols = ["AAPL", "MSFT"] };
        using var engine = new FeedEngine(FeedEngineTests.LoopbackOptions(), [new SyntheticMarket(market, registry)], registry);
        engine.StartPublisher();
        using var metrics = new FeedMetrics(engine);
        using var endpoint = new MonitoringEndpoint(0, () => new HealthReport(engine.IsAlive, new Dictionary<string, object> { ["feedAlive"] = engine.IsAlive }));
        using var http = new HttpClient { BaseAddress = endpoint.Url, Timeout = TimeSpan.FromSeconds(10) };
        var ct = TestContext.Current.CancellationToken;
        engine.StartSources();

        // During the run: the counter grows and never exceeds what the engine counted.
        var during = await Scrape(http, "tickstream_feed_ticks_in_total", engine.Endpoint, ct);
        Assert.InRange(during, 0, engine.Counters.TicksIn);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri("/health", UriKind.Relative), ct)).StatusCode);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (engine.Counters.TicksIn < 5_000 && clock.Elapsed < Deadline)
        {
            await Task.Delay(10, ct);
        }

        Assert.True(engine.Stop());
        var sent = engine.Counters.TicksIn;
        Assert.True(sent >= 5_000);
        Assert.Equal(sent, await Scrape(http, "tickstream_feed_ticks_in_total", engine.Endpoint, ct));
        Assert.Equal(engine.Counters.Published, await Scrape(http, "tickstream_feed_frames_published_total", engine.Endpoint, ct));
        Assert.Equal(engine.PublisherRunsOnSources, await Scrape(http, "tickstream_feed_publisher_runs_on_sources_total", engine.Endpoint, ct));
        Assert.Equal(sent, await Scrape(http, "tickstream_feed_source_ticks_total", engine.Endpoint, ct));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri("/health", UriKind.Relative), ct)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/nothing", UriKind.Relative), ct)).StatusCode);
    }

    private static async Task<long> Scrape(HttpClient http, string metric, string endpoint, CancellationToken ct)
    {
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), ct);
        var line = new Regex($"^{metric}\\{{[^}}]*endpoint=\"{Regex.Escape(endpoint)}\"[^}}]*\\}} (\\S+)$", RegexOptions.Multiline).Match(text);
        Assert.True(line.Success, $"{metric} for {endpoint} in:\n{text}");
        return (long)double.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
