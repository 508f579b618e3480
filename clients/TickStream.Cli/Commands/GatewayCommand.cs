using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TickStream.Cli.Gateway;
using TickStream.Cli.Hosting;
using TickStream.Gateway;

namespace TickStream.Cli.Commands;

/// <summary><c>tickstream gateway</c>: fan-out, last value cache and request service in front of feed handlers or gateways.</summary>
internal static class GatewayCommand
{
    public static Command Create()
    {
        var sub = new Option<string[]>("--sub") { Description = "Upstream feed handler or gateway to connect to; repeat for several (e.g. tcp://feed:5555)", Required = true, AllowMultipleArgumentsPerToken = false };
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
        var duration = new Option<TimeSpan?>("--duration") { Description = "Stop after this long, e.g. 00:00:30 (default: until a signal)" };
        var statsEvery = new Option<TimeSpan>("--stats-interval") { Description = "Log the counters this often", DefaultValueFactory = _ => TimeSpan.FromSeconds(5) };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Serve /metrics (Prometheus) and /health on this 127.0.0.1 port (0: a free one)" };
        var jsonLogs = new Option<bool>("--json-logs") { Description = "Write logs as JSON lines" };

        var command = new Command("gateway", "Run a gateway: forward subscriptions to feed handlers or gateways, fan frames out to clients, cache last values and answer snapshot, list, replay and retransmit requests under credit.")
        {
            sub, publish, request, curveSecret, plain, upstreamKey, entitlements, journal, cacheAll, hwm, rcvHwm,
            maxUpstream, maxRequest, maxSubscription, rejectionLogRate, duration, statsEvery, metricsPort, jsonLogs,
        };
        var transfers = new TransferCliOptions();
        transfers.AddTo(command);
        var sessions = new SessionCliOptions();
        sessions.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var options = new GatewayOptions
            {
                Publish = parse.GetValue(publish)!,
                Request = parse.GetValue(request)!,
                SendHighWatermark = parse.GetValue(hwm),
                ReceiveHighWatermark = parse.GetValue(rcvHwm),
                JournalDirectory = parse.GetValue(journal),
                MaxUpstreamMessageSize = parse.GetValue(maxUpstream),
                MaxRequestMessageSize = parse.GetValue(maxRequest),
                MaxSubscriptionMessageSize = parse.GetValue(maxSubscription),
                RejectionLogLinesPerSecond = parse.GetValue(rejectionLogRate),
            };
            transfers.Apply(parse, options.Transfers);
            sessions.Apply(parse, options);
            foreach (var upstream in parse.GetValue(sub) ?? [])
            {
                options.Upstreams.Add(upstream);
            }

            if (parse.GetValue(cacheAll))
            {
                options.CachePrefixes.Add("Q.");
                options.CachePrefixes.Add("T.");
            }

            try
            {
                if (parse.GetValue(curveSecret) is { } secretFile)
                {
                    options.ServerCertificate = CurveCertificateFile.Read(secretFile);
                }
                else if (!parse.GetValue(plain))
                {
                    return Fail("give --curve-secret FILE (tickstream keygen writes one) or --plain to serve without encryption");
                }

                if (parse.GetValue(upstreamKey) is { } upstreamFile)
                {
                    options.UpstreamServerKey = CurveCertificateFile.ReadPublicKey(upstreamFile);
                }

                if (parse.GetValue(entitlements) is { } entitlementsFile)
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

            if (!options.IsValid(out var error))
            {
                return Fail(error!);
            }

            var builder = CliHost.CreateBuilder(null, new Dictionary<string, string?>(), parse.GetValue(jsonLogs));
            var run = new GatewayRun(options, parse.GetValue(duration), parse.GetValue(statsEvery)) { MetricsPort = parse.GetValue(metricsPort) };
            if (run.MetricsPort is < 0 or > 65535)
            {
                Console.Error.WriteLine($"tickstream gateway: --metrics-port {run.MetricsPort} is not a port");
                return 2;
            }

            builder.Services.AddSingleton(run);
            builder.Services.AddHostedService<GatewayService>();
            using var host = builder.Build();
            await host.RunAsync(ct);
            return run.ExitCode;
        });
        return command;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("tickstream gateway: " + message);
        return 2;
    }
}
