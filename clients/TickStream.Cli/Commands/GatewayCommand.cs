using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TickStream.Cli.Gateway;
using TickStream.Cli.Hosting;
using TickStream.Client;
using TickStream.Gateway;

namespace TickStream.Cli.Commands;

/// <summary><c>tickstream gateway</c>: fan-out, last value cache and request service in front of feed handlers or gateways.</summary>
internal static class GatewayCommand
{
    public static Command Create()
    {
        var sub = new Option<string[]>("--sub") { Description = "Upstream feed handler or gateway to connect to; repeat for several (e.g. tcp://feed:5555); or Gateway:Upstreams in --config", AllowMultipleArgumentsPerToken = false };
        var publish = new Option<string>("--pub") { Description = "Client-facing XPUB endpoint to bind", DefaultValueFactory = _ => "tcp://*:6000" };
        var request = new Option<string>("--req") { Description = "Request service ROUTER endpoint to bind (SNAPSHOT, LIST, REPLAY, RETRANSMIT, LOGIN)", DefaultValueFactory = _ => "tcp://*:5556" };
        var curveSecret = new Option<string?>("--curve-secret") { Description = "The server's secret certificate file (tickstream keygen) for CurveZMQ on --pub and --req" };
        var plain = new Option<bool>("--plain") { Description = "Serve without encryption (required when --curve-secret is not given)" };
        var upstreamKey = new Option<string?>("--upstream-key") { Description = "Public certificate file of a CURVE upstream gateway" };
        var entitlements = new Option<string?>("--entitlements") { Description = "Entitlements file: credential then symbol patterns per line (docs/SECURITY.md)" };
        var journal = new Option<string?>("--journal") { Description = "Journal directory that answers REPLAY requests, and RETRANSMIT requests older than the window" };
        var cacheAll = new Option<bool>("--cache-all") { Description = "Subscribe upstream to every quote and trade so snapshots cover every symbol" };
        var hwm = new Option<int>("--hwm") { Description = "Messages queued per client before that client alone loses (send high-water mark)", DefaultValueFactory = _ => 100_000 };
        var rcvHwm = new Option<int>("--rcv-hwm") { Description = "Messages queued from each upstream (receive high-water mark)", DefaultValueFactory = _ => 1_000_000 };
        var maxUpstream = new Option<int>("--max-upstream-message") { Description = "Largest upstream message in bytes; an upstream that sends a longer one is disconnected by ZeroMQ (and reconnected)", DefaultValueFactory = _ => 64 * 1024 };
        var maxRequest = new Option<int>("--max-request-message") { Description = "Largest request frame in bytes; a longer one closes the requester's connection", DefaultValueFactory = _ => 8 * 1024 };
        var maxSubscription = new Option<int>("--max-subscription-message") { Description = "Largest subscription message in bytes from a client; a longer one closes its connection", DefaultValueFactory = _ => 1024 };
        var rejectionLogRate = new Option<int>("--drop-log-rate") { Description = "At most this many log lines per second about dropped upstream messages; the rest are counted", DefaultValueFactory = _ => 10 };
        var duration = CliDuration.OptionalOption("--duration", "Stop after exactly this long; 0 or none: until a signal", allowZero: true);
        var statsEvery = CliDuration.Option("--stats-interval", "Log the counters this often", TimeSpan.FromSeconds(5));
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Serve /metrics (Prometheus) and /health on this 127.0.0.1 port (0: a free one)" };
        var jsonLogs = new Option<bool>("--json-logs") { Description = "Write logs as JSON lines" };
        var config = new Option<string?>("--config") { Description = "A JSON configuration file (section Gateway: the options' names, e.g. Upstreams, Publish, Request, SendHighWatermark, JournalDirectory, CurveSecretFile, EntitlementsFile, UpstreamKeyFile, Plain, CacheAll, MetricsPort) read after appsettings.json; the command line wins" };

        var command = new Command("gateway", "Run a gateway: forward subscriptions to feed handlers or gateways, fan frames out to clients, cache last values and answer snapshot, list, replay and retransmit requests under credit. "
            + "Exit codes: 0 stopped by a signal or --duration; 1 a failure while running; 2 bad arguments or configuration (a malformed endpoint, an address in use, an unreadable key or entitlements file).")
        {
            sub, publish, request, curveSecret, plain, upstreamKey, entitlements, journal, cacheAll, hwm, rcvHwm,
            maxUpstream, maxRequest, maxSubscription, rejectionLogRate, duration, statsEvery, metricsPort, jsonLogs, config,
        };
        var transfers = new TransferCliOptions();
        transfers.AddTo(command);
        var sessions = new SessionCliOptions();
        sessions.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (!CliHost.TryCheckConfigFile(parse.GetValue(config), out var configError))
            {
                return Fail(configError!);
            }

            // The configuration (appsettings.json, --config, TICKSTREAM_Gateway__...) first; an option given on the
            // command line wins over it.
            var builder = CliHost.CreateBuilder(parse.GetValue(config), new Dictionary<string, string?>(), parse.GetValue(jsonLogs));
            var section = builder.Configuration.GetSection("Gateway");
            var options = new GatewayOptions();
            var file = new GatewayFileSettings();
            try
            {
                section.Bind(options);
                section.Bind(file);
            }
            catch (InvalidOperationException e)
            {
                return Fail($"configuration section Gateway: {e.Message}");
            }

            T Pick<T>(Option<T> option, T current) => parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option)! : current;
            options.Publish = Pick(publish, options.Publish);
            options.Request = Pick(request, options.Request);
            options.SendHighWatermark = Pick(hwm, options.SendHighWatermark);
            options.ReceiveHighWatermark = Pick(rcvHwm, options.ReceiveHighWatermark);
            options.JournalDirectory = Pick(journal, options.JournalDirectory);
            options.MaxUpstreamMessageSize = Pick(maxUpstream, options.MaxUpstreamMessageSize);
            options.MaxRequestMessageSize = Pick(maxRequest, options.MaxRequestMessageSize);
            options.MaxSubscriptionMessageSize = Pick(maxSubscription, options.MaxSubscriptionMessageSize);
            options.RejectionLogLinesPerSecond = Pick(rejectionLogRate, options.RejectionLogLinesPerSecond);
            transfers.Apply(parse, options.Transfers);
            sessions.Apply(parse, options);
            if (parse.GetValue(sub) is { Length: > 0 } upstreams)
            {
                options.Upstreams.Clear();
                foreach (var upstream in upstreams)
                {
                    options.Upstreams.Add(upstream);
                }
            }

            if (options.Upstreams.Count == 0)
            {
                return Fail("give an upstream with --sub tcp://HOST:PORT (or Gateway:Upstreams in --config)");
            }

            if (Pick(cacheAll, file.CacheAll))
            {
                options.CachePrefixes.Add("Q.");
                options.CachePrefixes.Add("T.");
            }

            try
            {
                if (Pick(curveSecret, file.CurveSecretFile) is { } secretFile)
                {
                    options.ServerCertificate = CurveCertificateFile.Read(secretFile);
                }
                else if (!Pick(plain, file.Plain))
                {
                    return Fail("give --curve-secret FILE (tickstream keygen writes one) or --plain to serve without encryption");
                }

                if (Pick(upstreamKey, file.UpstreamKeyFile) is { } upstreamFile)
                {
                    options.UpstreamServerKey = CurveCertificateFile.ReadPublicKey(upstreamFile);
                }

                if (Pick(entitlements, file.EntitlementsFile) is { } entitlementsFile)
                {
                    if (options.ServerCertificate is null)
                    {
                        return Fail("--entitlements needs --curve-secret: credentials and session tokens must not cross the network in clear");
                    }

                    options.Entitlements = EntitlementTable.Load(entitlementsFile);
                }
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                return Fail(e.Message);
            }

            if (!options.IsValid(out var error)
                || !ZmqEndpoint.TryValidate(options.Publish, bind: true, out error)
                || !ZmqEndpoint.TryValidate(options.Request, bind: true, out error))
            {
                return Fail(error!);
            }

            foreach (var upstream in options.Upstreams)
            {
                if (!ZmqEndpoint.TryValidate(upstream, bind: false, out error))
                {
                    return Fail("--sub: " + error);
                }
            }

            var run = new GatewayRun(options, parse.GetValue(duration), parse.GetValue(statsEvery)) { MetricsPort = Pick(metricsPort, file.MetricsPort) };
            if (run.MetricsPort is < 0 or > 65535)
            {
                return Fail($"--metrics-port {run.MetricsPort} is not a port (0 to 65535; 0 for a free one)");
            }

            builder.Services.AddSingleton(run);
            builder.Services.AddHostedService<GatewayService>();
            using var host = builder.Build();
            var failure = await CliHost.RunAsync(host, ct) ?? run.Failure;
            return failure is null ? run.ExitCode : CliFailure.Report("gateway", failure, Console.Error);
        });
        return command;
    }

    private static int Fail(string message) => CliFailure.BadUsage("gateway", message, Console.Error);
}
