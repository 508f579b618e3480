using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TickStream.Cli.Hosting;
using TickStream.Client;
using TickStream.Disruptor;
using TickStream.FeedHandler;
using TickStream.Sources;

namespace TickStream.Cli.Commands;

/// <summary><c>tickstream feed</c>: runs a feed handler until its sources end, --duration passes, or a signal.</summary>
internal static class FeedCommand
{
    public static Command Create()
    {
        var source = new Option<string[]>("--source", "-s")
        {
            Description = $"A source, one stream each; repeat for several: {SourceFactory.Forms}",
            DefaultValueFactory = _ => ["synthetic"],
            AllowMultipleArgumentsPerToken = false,
        };
        var publish = new Option<string?>("--pub") { Description = "PUB endpoint to bind (default tcp://*:5555; any NetMQ endpoint)" };
        var rate = new Option<double>("--rate") { Description = "Synthetic market: ticks per second, 0 for as fast as possible", DefaultValueFactory = _ => 10_000 };
        var symbols = new Option<string[]>("--symbols") { Description = "Synthetic market: only these symbols (default: the whole universe of about 50); ITCH: build books only for these stocks", AllowMultipleArgumentsPerToken = true };
        var seed = new Option<ulong>("--seed") { Description = "Synthetic market: the random seed", DefaultValueFactory = _ => 42 };
        var maxTicks = new Option<long>("--max-ticks") { Description = "Synthetic market: stop after this many ticks (0: never)" };
        var duration = CliDuration.OptionalOption("--duration", "Stop after exactly this long; 0 or none: run until the sources end or a signal", allowZero: true);
        var hwm = new Option<int?>("--hwm") { Description = "PUB send high-water mark in messages (default 1000000; 0 for no limit: lossless, for trusted subscribers such as gateways; docs/OPERATIONS.md)" };
        var ringSize = new Option<int?>("--ring-size") { Description = "Ring slots, a power of two (default 65536)" };
        var fullRing = new Option<FullRingPolicy?>("--full-ring") { Description = "Block (sources wait, nothing lost; default) or Drop (count and drop) when the ring is full" };
        var heartbeat = CliDuration.OptionalOption("--heartbeat", "Heartbeat interval of every stream, busy or idle (default 1s)");
        var statsEvery = CliDuration.Option("--stats-interval", "Log the counters this often", TimeSpan.FromSeconds(5));
        var journal = new Option<string?>("--journal") { Description = "Journal every published frame, heartbeats included, into this directory (docs/JOURNAL.md)" };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Serve /metrics (Prometheus) and /health on this 127.0.0.1 port (0: a free one)" };
        var config = new Option<string?>("--config") { Description = "A JSON configuration file (section Feed) read after appsettings.json" };
        var jsonLogs = new Option<bool>("--json-logs") { Description = "Write logs as JSON lines" };
        var waitSubscribers = new Option<int?>("--wait-subscribers") { Description = "Wait for this many data subscriptions before the sources start (a subscriber with k prefixes makes k; H| and S| alone do not count); default 1 with a csv:, itch: or journal: source, else 0" };
        var waitTimeout = CliDuration.Option("--wait-timeout", "Wait at most this long: then start with the subscribers there are, or exit 1 without reading the sources when there are none", TimeSpan.FromSeconds(30), allowZero: true);
        var drainTimeout = CliDuration.OptionalOption("--drain-timeout", "At the end, how long the ring may take to drain and queued frames to reach the subscribers (default 10s); when it passes, exit 1 saying frames were not delivered");
        var request = new Option<string?>("--req") { Description = "Serve RETRANSMIT on this ROUTER endpoint from a window of the last frames and the --journal (docs/RECOVERY.md; off unless given)" };
        var transfers = new TransferCliOptions();

        var command = new Command("feed", "Run a feed handler: read ticks from sources, normalise them into SBE frames in the ring, publish them on a PUB socket. "
            + "Exit codes: 0 the sources ended or --duration passed and every frame was delivered; 1 a failure while running (no subscriber within --wait-timeout, "
            + "frames not delivered within --drain-timeout); 2 bad arguments or configuration (a malformed endpoint, an address, port or journal in use, a missing --config file).")
        {
            source, publish, rate, symbols, seed, maxTicks, duration, hwm, ringSize, fullRing, heartbeat, journal, metricsPort, statsEvery, config, jsonLogs,
            waitSubscribers, waitTimeout, drainTimeout,
        };
        command.Options.Add(request);
        transfers.AddTo(command);

        // --strict: malformed input (a bad CSV row, PULL message or ITCH message) fails the run, exit 1.
        var strict = new Option<bool>("--strict") { Description = "Exit 1 if any source input was malformed; without it bad rows and messages are logged, counted by reason and skipped (docs/SOURCES.md)" };
        command.Options.Add(strict);
        command.SetAction(async (parse, ct) =>
        {
            var overrides = new Dictionary<string, string?>();
            void Put<T>(string key, T? value)
            {
                if (value is not null)
                {
                    overrides[key] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            Put("Feed:Publish", parse.GetValue(publish));
            Put("Feed:SendHighWatermark", parse.GetValue(hwm));
            Put("Feed:RingSize", parse.GetValue(ringSize));
            Put("Feed:FullRingPolicy", parse.GetValue(fullRing));
            Put("Feed:HeartbeatInterval", parse.GetValue(heartbeat));
            Put("Feed:JournalDirectory", parse.GetValue(journal));
            Put("Feed:MetricsPort", parse.GetValue(metricsPort));
            Put("Feed:DrainTimeout", parse.GetValue(drainTimeout));
            Put("Feed:Request", parse.GetValue(request));

            if (!CliHost.TryCheckConfigFile(parse.GetValue(config), out var configError))
            {
                return Fail(configError!);
            }

            var builder = CliHost.CreateBuilder(parse.GetValue(config), overrides, parse.GetValue(jsonLogs));
            var options = new FeedHandlerOptions();
            try
            {
                builder.Configuration.GetSection("Feed").Bind(options);
            }
            catch (InvalidOperationException e)
            {
                return Fail($"configuration section Feed: {e.Message}");
            }

            transfers.Apply(parse, options.Transfers);
            if (!options.IsValid(out var error)
                || !ZmqEndpoint.TryValidate(options.Publish, bind: true, out error)
                || (options.Request is { } requestEndpoint && !ZmqEndpoint.TryValidate(requestEndpoint, bind: true, out error)))
            {
                return Fail(error!);
            }

            // Finite data published before anyone listens is gone: such sources wait for a subscriber by default.
            var wait = parse.GetValue(waitSubscribers) ?? ((parse.GetValue(source) ?? []).Any(SourceFactory.IsFinite) ? 1 : 0);
            if (wait < 0 || parse.GetValue(waitTimeout) < TimeSpan.Zero)
            {
                return Fail("--wait-subscribers and --wait-timeout must not be negative");
            }

            var registry = new InstrumentRegistry();
            var synthetic = new SyntheticMarketOptions
            {
                TicksPerSecond = parse.GetValue(rate),
                Seed = parse.GetValue(seed),
                MaxTicks = parse.GetValue(maxTicks),
                Symbols = parse.GetValue(symbols) is { Length: > 0 } s ? s : null,
            };
            var sources = new List<ITickSource>();
            foreach (var spec in parse.GetValue(source) ?? [])
            {
                if (!SourceFactory.TryCreate(spec, synthetic, registry, out var created, out error))
                {
                    foreach (var made in sources)
                    {
                        (made as IDisposable)?.Dispose();
                    }

                    return Fail(error!);
                }

                sources.Add(created!);
            }

            var run = new FeedRun(options, sources, registry, parse.GetValue(duration), parse.GetValue(statsEvery))
            {
                WaitSubscribers = wait,
                WaitTimeout = parse.GetValue(waitTimeout),
            };

            builder.Services.AddSingleton(run);
            builder.Services.AddHostedService<FeedService>();
            using var host = builder.Build();
            var failure = await CliHost.RunAsync(host, ct) ?? run.Failure;
            if (failure is not null)
            {
                return CliFailure.Report("feed", failure, Console.Error);
            }

            return parse.GetValue(strict) && run.ExitCode == 0 && StrictFailure(sources) is { } malformed
                ? CliFailure.RunFailed("feed", malformed, Console.Error)
                : run.ExitCode;
        });
        return command;
    }

    private static int Fail(string message) => CliFailure.BadUsage("feed", message, Console.Error);

    /// <summary>With --strict: the line saying how many inputs were malformed, or null when none was.</summary>
    private static string? StrictFailure(List<ITickSource> sources)
    {
        long malformed = 0;
        foreach (var source in sources)
        {
            malformed += source.Counters.Malformed;
        }

        return malformed == 0 ? null : $"--strict: {malformed} malformed input(s) were skipped (the log says where and why): exit 1";
    }
}
