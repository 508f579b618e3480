using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using TickStream.Cli.Hosting;
using TickStream.Cli.Watch;
using TickStream.FeedHandler;
using TickStream.Gateway;
using TickStream.Sources;

namespace TickStream.Cli.Commands;

/// <summary>
/// <c>tickstream demo</c>, the main job: a feed handler on the synthetic market, a gateway in front of it and a
/// subscriber for a few symbols, in one process over loopback sockets; a live table, then ticks received, gaps and
/// end-to-end latency percentiles.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var duration = CliDuration.Option("--duration", "How long the market runs", TimeSpan.FromSeconds(10));
        var rate = new Option<double>("--rate") { Description = "Synthetic ticks per second over the whole universe of about 50 symbols", DefaultValueFactory = _ => 20_000 };
        var symbols = new Option<string[]>("--symbols")
        {
            Description = "The symbols the subscriber takes",
            DefaultValueFactory = _ => ["AAPL", "MSFT", "NVDA", "TSLA", "SPY"],
            AllowMultipleArgumentsPerToken = true,
        };
        var publish = new Option<string>("--pub") { Description = "Where the feed handler publishes (a free loopback port by default)", DefaultValueFactory = _ => "tcp://127.0.0.1:*" };
        var seed = new Option<ulong>("--seed") { Description = "The synthetic market's seed", DefaultValueFactory = _ => 42 };
        var direct = new Option<bool>("--no-gateway") { Description = "Subscribe to the feed handler directly instead of through a gateway" };
        var command = new Command("demo", "Run a feed handler on the synthetic market, a gateway and a subscriber in one process: a live table, then ticks, gaps and latency.")
        {
            duration, rate, symbols, publish, seed, direct,
        };
        command.SetAction(async (parse, ct) =>
        {
            // Ctrl+C and SIGTERM end the market early through cancellation, so that the summary is still printed:
            // the signal is taken here rather than left to the invocation pipeline, which ends the process 2 s later.
            using var signals = new SignalStop(ct);
            return await RunAsync(parse.GetValue(duration), parse.GetValue(rate), parse.GetValue(symbols) ?? [],
                parse.GetValue(publish)!, parse.GetValue(seed), !parse.GetValue(direct), signals.Token).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(TimeSpan duration, double rate, string[] symbols, string publish, ulong seed, bool viaGateway, CancellationToken ct)
    {
        if (duration <= TimeSpan.Zero || rate < 0 || symbols.Length == 0)
        {
            await Console.Error.WriteLineAsync("tickstream demo: --duration must be positive, --rate 0 or more, and at least one symbol given").ConfigureAwait(false);
            return 2;
        }

        var registry = new InstrumentRegistry();
        SyntheticMarket market;
        try
        {
            market = new SyntheticMarket(new SyntheticMarketOptions { TicksPerSecond = rate, Seed = seed }, registry);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync("tickstream demo: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        foreach (var symbol in symbols)
        {
            if (!registry.TryGetId(symbol, out _))
            {
                await Console.Error.WriteLineAsync($"tickstream demo: '{symbol}' is not in the synthetic market's universe").ConfigureAwait(false);
                return 2;
            }
        }

        var options = new FeedHandlerOptions { Publish = publish };
        using var engine = new FeedEngine(options, [market], registry);
        try
        {
            engine.StartPublisher();
        }
        catch (NetMQ.NetMQException e)
        {
            await Console.Error.WriteLineAsync($"tickstream demo: cannot publish on {publish}: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        using var gateway = viaGateway ? StartGateway(engine.Endpoint) : null;
        var endpoint = gateway?.PublishEndpoint ?? engine.Endpoint;
        await Console.Out.WriteLineAsync(gateway is null
            ? $"Feed handler publishing on {engine.Endpoint}; subscribing to {string.Join(" ", symbols)} ..."
            : $"Feed handler publishing on {engine.Endpoint}, gateway on {gateway.PublishEndpoint} (requests {gateway.RequestEndpoint}); subscribing to {string.Join(" ", symbols)} ...").ConfigureAwait(false);
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var settings = new WatchSettings { Endpoints = [endpoint], Symbols = symbols, Latency = true };
        var watch = WatchRunner.RunAsync(settings, Console.Out, Console.Error, stopWatching.Token);

        // Trades, quotes, books and definitions of each symbol (and heartbeats and stream starts): wait until they
        // reach the feed handler, through the gateway when there is one, before the market opens, so that the
        // subscriber sees every tick from the first.
        var clientSubscriptions = 2 + (4 * symbols.Length);
        var atFeed = gateway is null ? clientSubscriptions : GatewayOptionsCachePrefixes + (4 * symbols.Length);
        var clock = Stopwatch.StartNew();
        while ((engine.Counters.Subscriptions < atFeed || (gateway is not null && gateway.Counters.Subscriptions < clientSubscriptions))
            && clock.Elapsed < TimeSpan.FromSeconds(10) && !ct.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
        }

        engine.StartSources();
        try
        {
            await Task.Delay(duration, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stop early, still drain and summarise.
        }

        var drained = engine.Stop();
        var forwarded = gateway is null ? "" : $" The gateway passed on {gateway.Counters.FramesOut} of {gateway.Counters.FramesIn} frames it received.";

        // Let the last published frames reach the subscriber before it stops counting.
        await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(false);
        await stopWatching.CancelAsync().ConfigureAwait(false);
        var watchResult = await watch.ConfigureAwait(false);
        var c = engine.Counters;
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Feed handler: {c.TicksIn} ticks over the whole universe, {c.Published} frames published, {c.Dropped} dropped, ring {(drained ? "drained" : "NOT drained")}.{forwarded}")).ConfigureAwait(false);
        return drained ? watchResult : 1;
    }

    // The gateway's own upstream subscriptions (definitions, stream starts, heartbeats): GatewayOptions.CachePrefixes.
    private static readonly int GatewayOptionsCachePrefixes = new GatewayOptions().CachePrefixes.Count;

    private static GatewayEngine StartGateway(string upstream)
    {
        var options = new GatewayOptions { Publish = "tcp://127.0.0.1:*", Request = "tcp://127.0.0.1:*" };
        options.Upstreams.Add(upstream);
        var gateway = new GatewayEngine(options);
        gateway.Start();
        return gateway;
    }
}
