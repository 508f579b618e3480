using TickStream.Client;
using TickStream.Gateway;
using TickStream.Monitoring;
using TickStream.Sources;

namespace TickStream.FeedHandler.Tests;

/// <summary>The /metrics pages of a real feed handler, gateway and subscriber follow Prometheus' conventions.</summary>
public sealed class MetricsConventionsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void Checker_FindsEachKindOfBreach()
    {
        var page = string.Join('\n',
            "# HELP a_frames Frames (ObservableCounter`1)",
            "# TYPE a_frames counter",
            "a_frames 1",
            "# HELP b_total Gauge",
            "# TYPE b_total gauge",
            "b_total 1",
            "# HELP c_last_frame_age Age",
            "# TYPE c_last_frame_age gauge",
            "c_last_frame_age 1",
            "d_untyped 3",
            "# HELP e_ok_total Fine",
            "# TYPE e_ok_total counter",
            "e_ok_total 2");
        var problems = PrometheusConventions.Violations(page);
        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("counter a_frames", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("HELP names a .NET type", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("gauge b_total", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("gauge c_last_frame_age", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("sample d_untyped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FeedGatewayAndSubscriber_Metrics_FollowPrometheusConventions()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = new InstrumentRegistry();
        var market = new SyntheticMarketOptions { Seed = 9, TicksPerSecond = 5_000, Symbols = ["AAPL", "MSFT"] };
        using var feed = new FeedEngine(FeedEngineTests.LoopbackOptions(), [new SyntheticMarket(market, registry)], registry);
        feed.StartPublisher();
        using var feedMetrics = new FeedMetrics(feed);

        var gatewayOptions = new GatewayOptions { Publish = "tcp://127.0.0.1:*", Request = "tcp://127.0.0.1:*" };
        gatewayOptions.Upstreams.Add(feed.Endpoint);
        using var gateway = new GatewayEngine(gatewayOptions);
        gateway.Start();
        using var gatewayMetrics = new GatewayMetrics(gateway);

        var subscriberOptions = new TickSubscriberOptions { SubscribeAll = true };
        subscriberOptions.Endpoints.Add(gateway.PublishEndpoint);
        using var subscriber = new TickSubscriber(subscriberOptions, static (in TickView _) => { });
        using var subscriberMetrics = new SubscriberMetrics(subscriber);

        using var endpoint = new MonitoringEndpoint(0, () => new HealthReport(true, new Dictionary<string, object>()));
        using var http = new HttpClient { BaseAddress = endpoint.Url, Timeout = TimeSpan.FromSeconds(10) };
        feed.StartSources();
        Assert.True(Poll.Until(() => subscriber.Counters.Quotes + subscriber.Counters.Trades > 100, Deadline), "no frame reached the subscriber");

        var page = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), ct);
        Assert.Empty(PrometheusConventions.Violations(page));

        // Every TickStream family is there, under the names docs/OPERATIONS.md lists.
        foreach (var family in (string[])[
            "# TYPE tickstream_feed_ticks_in_total counter",
            "# TYPE tickstream_feed_frames_published_total counter",
            "# TYPE tickstream_feed_frames_not_journaled_total counter",
            "# TYPE tickstream_feed_last_tick_age_seconds gauge",
            "# TYPE tickstream_gateway_frames_in_total counter",
            "# TYPE tickstream_gateway_last_upstream_frame_age_seconds gauge",
            "# TYPE tickstream_client_frames_total counter",
            "# TYPE tickstream_client_latency_seconds histogram",
            "# TYPE tickstream_client_last_frame_age_seconds gauge"])
        {
            Assert.Contains(family + "\n", page, StringComparison.Ordinal);
        }

        // The histogram has its +Inf bucket and its count (read from two snapshots of a live histogram: not compared).
        var inf = System.Text.RegularExpressions.Regex.Match(page, "^tickstream_client_latency_seconds_bucket\\{[^}]*le=\"\\+Inf\"\\} (\\d+)$", System.Text.RegularExpressions.RegexOptions.Multiline);
        var count = System.Text.RegularExpressions.Regex.Match(page, "^tickstream_client_latency_seconds_count\\{[^}]*\\} (\\d+)$", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(inf.Success && count.Success, page);
        Assert.True(long.Parse(inf.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, page);

        feed.Stop();
    }
}
