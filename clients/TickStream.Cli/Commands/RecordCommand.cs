using System.CommandLine;
using System.Globalization;
using TickStream.Cli.Hosting;
using TickStream.Cli.Replay;
using TickStream.Client;
using TickStream.Journal;

namespace TickStream.Cli.Commands;

/// <summary><c>tickstream record</c>: subscribes to a feed and appends every message, with its receive time, to a journal.</summary>
internal static class RecordCommand
{
    public static Command Create()
    {
        var connect = new Option<string>("--connect") { Description = "The feed's PUB endpoint to connect to, e.g. tcp://127.0.0.1:5555", Required = true };
        var output = new Option<string>("--out") { Description = "The journal directory (created if missing; an existing journal is appended to)", Required = true };
        var symbols = new Argument<string[]>("symbols") { Description = "Symbols to record (every class of each, plus heartbeats and stream starts); none: everything", Arity = ArgumentArity.ZeroOrMore };
        var duration = CliDuration.OptionalOption("--duration", "Stop after exactly this long; 0 or none: until Ctrl+C or SIGTERM", allowZero: true);
        var streamName = new Option<string>("--stream-name") { Description = "The journal's stream identity, checked when appending to an existing journal", DefaultValueFactory = _ => "recorder" };
        var flush = new Option<JournalFlushPolicy>("--flush-policy") { Description = "Interval (default), EveryRecord or OnClose (docs/JOURNAL.md)", DefaultValueFactory = _ => JournalFlushPolicy.Interval };
        var req = new Option<string?>("--req") { Description = "The feed's request endpoint (its --req): repair gaps by retransmission, so the journal has no holes (docs/RECOVERY.md)" };
        var reqKey = new Option<string?>("--req-server-key") { Description = "With --req: the request service's CurveZMQ public key (Z85, 40 characters)" };
        var statsEvery = CliDuration.Option("--stats-interval", "Log the counters this often", TimeSpan.FromSeconds(5));

        var curve = new CurveClientOptions();
        var command = new Command("record", "Record a feed: subscribe and append every message with its receive time to a journal. "
            + "Exit codes: 0 recorded until --duration or a signal; 1 nothing received, a refused login, or a failure while running; 2 bad arguments or configuration (a malformed endpoint, a journal another process holds).")
        {
            connect, output, symbols, duration, streamName, flush, statsEvery, req, reqKey,
        };
        curve.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var endpoint = parse.GetValue(connect)!;
            var directory = parse.GetValue(output)!;
            var wanted = parse.GetValue(symbols) ?? [];
            foreach (var symbol in wanted)
            {
                if (!TickStream.Sources.InstrumentRegistry.ValidateSymbol(System.Text.Encoding.UTF8.GetBytes(symbol), out var symbolError))
                {
                    return Fail($"symbol '{symbol}': {symbolError}");
                }
            }

            if (!ZmqEndpoint.TryValidate(endpoint, bind: false, out var endpointError))
            {
                return Fail("--connect: " + endpointError);
            }

            if (parse.GetValue(reqKey) is { } key && (key.Length != 40 || parse.GetValue(req) is null))
            {
                return Fail("--req-server-key takes a Z85 public key of 40 characters, and needs --req");
            }

            if (!curve.TryRead(parse, out var serverKey, out var clientCertificate, out var keyError))
            {
                return Fail(keyError!);
            }

            if (curve.Credential(parse) is not null && (parse.GetValue(req) is null || wanted.Length == 0))
            {
                return Fail("--credential needs --req (the gateway's request endpoint, where an entitled session streams) and the symbols to record");
            }

            JournalWriter writer;
            try
            {
                writer = JournalWriter.Open(directory, new JournalWriterOptions
                {
                    StreamName = parse.GetValue(streamName)!,
                    FlushPolicy = parse.GetValue(flush),
                });
            }
            catch (Exception e) when (e is JournalException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                return Fail($"cannot open the journal '{directory}': {e.Message}");
            }

            var recorder = new Recorder(endpoint, wanted, parse.GetValue(duration) is { } d && d > TimeSpan.Zero ? d : null, parse.GetValue(statsEvery), Console.Error)
            {
                RequestEndpoint = parse.GetValue(req),
                RequestServerKey = parse.GetValue(reqKey),
                ServerKey = serverKey,
                ClientCertificate = clientCertificate,
                Credential = curve.Credential(parse),
            };

            // SIGTERM and SIGINT stop the recording but not the process, so that the journal is flushed and closed
            // and the summary printed before the program exits normally.
            using var stop = new SignalStop(ct);

            try
            {
                // The socket and the writer belong to one thread of their own, never a pool thread's turn.
                await Task.Factory.StartNew(() => recorder.Run(writer, stop.Token), CancellationToken.None,
                    TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            catch (Exception e) when (e is NetMQ.NetMQException or ArgumentException)
            {
                writer.Dispose();
                return Fail($"cannot subscribe to '{endpoint}': {CliFailure.Plain(e)}");
            }
            catch (TickStream.Client.GatewayRequestException e)
            {
                writer.Dispose();
                Console.Error.WriteLine($"tickstream record: the gateway at {parse.GetValue(req)} refused the session: {e.Message}");
                return CliFailure.Failed;
            }

            var segments = writer.SegmentsCreated;
            writer.Dispose();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"recorded {recorder.Records} records, {recorder.Bytes} message bytes into {directory} ({segments} new segments, {recorder.MultipartDropped} multi-part messages dropped)"));
            if (recorder.RequestEndpoint is not null)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"repair: gaps repaired {recorder.GapsRepaired}, gaps lost {recorder.GapsLost} ({recorder.FramesLost} frames), requests {recorder.RepairRequests} ({recorder.RepairFailures} failed)"));
            }

            if (recorder.Records == 0)
            {
                Console.Error.WriteLine($"tickstream record: nothing received from {endpoint}: is a feed or gateway publishing there (a CurveZMQ gateway needs --server-key)?");
                return CliFailure.Failed;
            }

            return 0;
        });
        return command;
    }

    private static int Fail(string message) => CliFailure.BadUsage("record", message, Console.Error);
}
