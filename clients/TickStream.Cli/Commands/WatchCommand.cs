using System.CommandLine;
using TickStream.Cli.Hosting;
using TickStream.Cli.Watch;
using TickStream.Client;
using TickStream.Wire;

namespace TickStream.Cli.Commands;

/// <summary><c>tickstream watch</c>: subscribes to symbols and shows them live, or prints one line a frame.</summary>
internal static class WatchCommand
{
    public static Command Create()
    {
        var symbols = new Argument<string[]>("symbols")
        {
            Description = "Symbols to watch (their trades, quotes, book updates and definitions); none for everything",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var connect = new Option<string[]>("--connect", "-c")
        {
            Description = "Endpoint of a feed handler or gateway PUB socket; repeat for several",
            DefaultValueFactory = _ => ["tcp://127.0.0.1:5555"],
        };
        var raw = new Option<bool>("--raw") { Description = "Print one decoded line per frame (for piping) instead of the live table" };
        var format = new Option<WatchFormat>("--format") { Description = "With --raw: text or json (one JSON object a line)", DefaultValueFactory = _ => WatchFormat.Text };
        var latency = new Option<bool>("--latency") { Description = "Print end-to-end latency percentiles at exit (same host: ingest clock = receive clock)" };
        var hgrm = new Option<string?>("--hgrm") { Description = "Write the latency percentile distribution (HdrHistogram .hgrm, microseconds) to this file at exit" };
        var duration = CliDuration.Option("--duration", "Stop after exactly this long; 0 runs until Ctrl+C or --count", TimeSpan.Zero, allowZero: true, "-d");
        var heartbeatTimeout = CliDuration.Option("--heartbeat-timeout", "Report a stream stale after this long without a frame or heartbeat", TimeSpan.FromSeconds(3));
        var count = new Option<long>("--count", "-n") { Description = "Stop after this many frames (with --raw: lines), heartbeats and stream starts included; 0: no limit" };
        var curve = new CurveClientOptions();
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Serve /metrics (Prometheus: frames, gaps, latency percentiles) and /health on this 127.0.0.1 port (0: a free one)" };
        var req = new Option<string?>("--req") { Description = "Request endpoint of the feed handler or gateway (its --req): repair gaps by retransmission (docs/RECOVERY.md)" };
        var reqKey = new Option<string?>("--req-server-key") { Description = "With --req: the request service's CurveZMQ public key (Z85, 40 characters) when it uses CurveZMQ" };
        var hwm = new Option<int>("--hwm") { Description = "Receive high-water mark in messages", DefaultValueFactory = _ => 1_000_000 };

        var command = new Command("watch", "Subscribe to symbols and watch them: a live table of last bid/ask/trade, ticks/s, gaps and p99 latency, or raw lines. "
            + "Exit codes: 0 frames of every symbol asked for arrived (or of any symbol, when none was named) and the run ended by --duration, --count, Ctrl+C or a closed output; "
            + "1 nothing arrived for a symbol asked for (unknown or silent), or nothing at all, or the gateway refused the login; 2 bad arguments.")
        {
            symbols, connect, raw, format, latency, hgrm, duration, heartbeatTimeout, count, hwm, metricsPort, req, reqKey,
        };
        curve.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(reqKey) is { } key && (key.Length != 40 || result.GetValue(req) is null))
            {
                result.AddError("--req-server-key takes a Z85 public key of 40 characters, and needs --req");
            }

            if (result.GetValue(count) < 0)
            {
                result.AddError("--count must be 0 (no limit) or more");
            }

            if (result.GetValue(curve.CredentialOption) is not null && result.GetValue(req) is null)
            {
                result.AddError("--credential needs --req: an entitled session logs in and streams on the gateway's request endpoint");
            }

            foreach (var endpoint in result.GetValue(connect) ?? [])
            {
                if (!ZmqEndpoint.TryValidate(endpoint, bind: false, out var endpointError))
                {
                    result.AddError("--connect: " + endpointError);
                }
            }

            foreach (var symbol in result.GetValue(symbols) ?? [])
            {
                // An unknown option lands among the symbols ('-' is a symbol byte): name it for what it is.
                if (symbol.StartsWith('-'))
                {
                    result.AddError($"unknown option '{symbol}' (see tickstream watch --help)");
                }
                else if (!Topic.IsValidSymbol(System.Text.Encoding.ASCII.GetBytes(symbol.ToUpperInvariant())))
                {
                    result.AddError($"'{symbol}' is not a valid symbol: 1 to {Topic.MaxSymbolLength} of A-Z 0-9 . / _ -");
                }
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!curve.TryRead(parse, out var serverKey, out var clientCertificate, out var keyError))
            {
                await error.WriteLineAsync("tickstream watch: " + keyError).ConfigureAwait(false);
                return CliFailure.Usage;
            }

            var settings = new WatchSettings
            {
                Endpoints = parse.GetValue(connect) ?? [],
                Symbols = [.. (parse.GetValue(symbols) ?? []).Select(s => s.ToUpperInvariant()).Distinct(StringComparer.Ordinal)],
                Raw = parse.GetValue(raw),
                Format = parse.GetValue(format),
                Latency = parse.GetValue(latency),
                HgrmPath = parse.GetValue(hgrm),
                Duration = parse.GetValue(duration),
                HeartbeatTimeout = parse.GetValue(heartbeatTimeout),
                Count = parse.GetValue(count),
                ServerKey = serverKey,
                ClientCertificate = clientCertificate,
                Credential = curve.Credential(parse),
                ReceiveHighWatermark = parse.GetValue(hwm),
                MetricsPort = parse.GetValue(metricsPort),
                RequestEndpoint = parse.GetValue(req),
                RequestServerKey = parse.GetValue(reqKey) ?? serverKey,
            };
            var output = parse.InvocationConfiguration.Output;

            // Ctrl+C and SIGTERM end the run through cancellation, so the summary is printed.
            using var signals = new SignalStop(ct);
            return await WatchRunner.RunAsync(settings, output, error, signals.Token).ConfigureAwait(false);
        });
        return command;
    }
}
