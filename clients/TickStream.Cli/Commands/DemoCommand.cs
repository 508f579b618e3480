using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using TickStream.Cli.Watch;
using TickStream.FeedHandler;
using TickStream.Sources;

namespace TickStream.Cli.Commands;

/// <summary>
/// <c>tickstream demo</c>, the main job: a feed handler on the synthetic market and a subscriber for a few symbols in
/// one process, a live table, then ticks received, gaps and end-to-end latency percentiles.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var duration = new Option<TimeSpan>("--duration") { Description = "How long the market runs", DefaultValueFactory = _ => TimeSpan.FromSeconds(10) };
        var rate = new Option<double>("--rate") { Description = "Synthetic ticks per second over the whole universe of about 50 symbols", DefaultValueFactory = _ => 20_000 };
        var symbols = new Option<string[]>("--symbols")
        {
            Description = "The symbols the subscriber takes",
            DefaultValueFactory = _ => ["AAPL", "MSFT", "NVDA", "TSLA", "SPY"],
            AllowMultipleArgumentsPerToken = true,
        };
        var publish = new Option<string>("--pub") { Description = "Where the feed handler publishes (a free loopback port by default)", DefaultValueFactory = _ => "tcp://127.0.0.1:*" };
        var seed = new Option<ulong>("--seed") { Description = "The synthetic market's seed", DefaultValueFactory = _ => 42 };
        var command = new Command("demo", "Run a feed handler on the synthetic market and a subscriber in one process: a live table, then ticks, gaps and latency.")
        {
            duration, rate, symbols, publish, seed,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(duration), parse.GetValue(rate), parse.GetValue(symbols) ?? [],
            parse.GetValue(publish)!, parse.GetValue(seed), ct));
        return command;
    }

    private static async Task<int> RunAsync(TimeSpan duration, double rate, string[] symbols, string publish, ulong seed, CancellationToken ct)
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

        await Console.Out.WriteLineAsync($"Feed handler publishing on {engine.Endpoint}; subscribing to {string.Join(" ", symbols)} ...").ConfigureAwait(false);
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var settings = new WatchSettings { Endpoints = [engine.Endpoint], Symbols = symbols, Latency = true };
        var watch = WatchRunner.RunAsync(settings, Console.Out, Console.Error, stopWatching.Token);

        // Heartbeats and stream starts, then trades, quotes, books and definitions of each symbol: count them in
        // before the market opens, so that the subscriber sees every tick from the first.
        var subscriptions = 2 + (4 * symbols.Length);
        var clock = Stopwatch.StartNew();
        while (engine.Counters.Subscriptions < subscriptions && clock.Elapsed < TimeSpan.FromSeconds(10) && !ct.IsCancellationRequested)
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

        // Let the last published frames reach the subscriber before it stops counting.
        await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(false);
        await stopWatching.CancelAsync().ConfigureAwait(false);
        var watchResult = await watch.ConfigureAwait(false);
        var c = engine.Counters;
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Feed handler: {c.TicksIn} ticks over the whole universe, {c.Published} frames published, {c.Dropped} dropped, ring {(drained ? "drained" : "NOT drained")}.")).ConfigureAwait(false);
        return drained ? watchResult : 1;
    }
}
