using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using TickStream.Cli.Replay;
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
        var duration = new Option<TimeSpan?>("--duration") { Description = "Stop after this long, e.g. 00:01:00 (default: until Ctrl+C or SIGTERM)" };
        var streamName = new Option<string>("--stream-name") { Description = "The journal's stream identity, checked when appending to an existing journal", DefaultValueFactory = _ => "recorder" };
        var flush = new Option<JournalFlushPolicy>("--flush-policy") { Description = "Interval (default), EveryRecord or OnClose (docs/JOURNAL.md)", DefaultValueFactory = _ => JournalFlushPolicy.Interval };
        var req = new Option<string?>("--req") { Description = "The feed's request endpoint (its --req): repair gaps by retransmission, so the journal has no holes (docs/RECOVERY.md)" };
        var reqKey = new Option<string?>("--req-server-key") { Description = "With --req: the request service's CurveZMQ public key (Z85, 40 characters)" };
        var statsEvery = new Option<TimeSpan>("--stats-interval") { Description = "Log the counters this often", DefaultValueFactory = _ => TimeSpan.FromSeconds(5) };

        var command = new Command("record", "Record a feed: subscribe and append every message with its receive time to a journal.")
        {
            connect, output, symbols, duration, streamName, flush, statsEvery, req, reqKey,
        };
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

            if (parse.GetValue(duration) is { } d && d <= TimeSpan.Zero)
            {
                return Fail("--duration must be positive");
            }

            if (parse.GetValue(reqKey) is { } key && (key.Length != 40 || parse.GetValue(req) is null))
            {
                return Fail("--req-server-key takes a Z85 public key of 40 characters, and needs --req");
            }

            if (parse.GetValue(statsEvery) <= TimeSpan.Zero)
            {
                return Fail("--stats-interval must be positive");
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

            var recorder = new Recorder(endpoint, wanted, parse.GetValue(duration), parse.GetValue(statsEvery), Console.Error)
            {
                RequestEndpoint = parse.GetValue(req),
                RequestServerKey = parse.GetValue(reqKey),
            };

            // SIGTERM and SIGINT stop the recording but not the process, so that the journal is flushed and closed
            // and the summary printed before the program exits normally.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }

            try
            {
                // The socket and the writer belong to one thread of their own, never a pool thread's turn.
                await Task.Factory.StartNew(() => recorder.Run(writer, stop.Token), CancellationToken.None,
                    TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            catch (Exception e) when (e is NetMQ.NetMQException or ArgumentException)
            {
                writer.Dispose();
                return Fail($"cannot subscribe to '{endpoint}': {e.Message}");
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

            return 0;
        });
        return command;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("tickstream record: " + message);
        return 2;
    }
}
