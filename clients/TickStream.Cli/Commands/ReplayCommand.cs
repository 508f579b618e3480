using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using Spectre.Console;
using TickStream.Cli.Hosting;
using TickStream.Client;
using TickStream.Journal;
using TickStream.Replay;

namespace TickStream.Cli.Commands;

/// <summary><c>tickstream replay DIR</c>: republishes a journal on a PUB endpoint at the recorded pace, scaled.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("directory") { Description = "The journal directory" };
        var publish = new Option<string>("--pub") { Description = "Endpoint to publish on (any NetMQ endpoint; a leading > connects)", DefaultValueFactory = _ => "tcp://*:5557" };
        var speed = new Option<string>("--speed") { Description = "1 (recorded pace), 10, any factor, or max", DefaultValueFactory = _ => "1" };
        var from = new Option<string?>("--from") { Description = "Start at this receive time: ISO-8601 UTC or ns since the epoch (inclusive)" };
        var to = new Option<string?>("--to") { Description = "Stop after this receive time (inclusive)" };
        var symbols = new Option<string[]>("--symbols") { Description = "Only these symbols' frames (heartbeats and stream starts are left out too)", AllowMultipleArgumentsPerToken = true };
        var skipCorrupt = new Option<bool>("--skip-corrupt") { Description = "Go past corrupt records instead of stopping at the first" };
        var waitSubscribers = new Option<int>("--wait-subscribers") { Description = "Wait for this many data subscriptions before the first frame (a subscriber with k prefixes makes k; H| and S| alone do not count); 0 does not wait", DefaultValueFactory = _ => 1 };
        var waitTimeout = CliDuration.Option("--wait-timeout", "Wait at most this long: then start with the subscribers there are, or exit 1 without sending when there are none", TimeSpan.FromSeconds(30), allowZero: true);
        var linger = CliDuration.Option("--linger", "At the end, how long queued frames may take to reach the subscribers; when it passes, exit 1 saying frames were not delivered", TimeSpan.FromSeconds(10), allowZero: true);
        var hwm = new Option<int>("--hwm") { Description = "Send high-water mark in messages", DefaultValueFactory = _ => 1_000_000 };

        var command = new Command("replay", "Replay a journal: republish its frames byte for byte at the recorded pace times a speed. "
            + "Exit codes: 0 every frame sent and delivered; 1 a failure while running (no subscriber within --wait-timeout, frames not delivered, a corrupt record without --skip-corrupt); "
            + "2 bad arguments or configuration (a malformed endpoint, an address in use, no such journal).")
        {
            directory, publish, speed, from, to, symbols, skipCorrupt, waitSubscribers, waitTimeout, linger, hwm,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(directory)!;
            if (!ReplaySpeed.TryParse(parse.GetValue(speed), out var factor, out var error))
            {
                return Fail(error!);
            }

            long? fromNs = null;
            long? toNs = null;
            if (parse.GetValue(from) is { } fromText)
            {
                if (!ReplayTime.TryParse(fromText, out var ns, out error))
                {
                    return Fail("--from: " + error);
                }

                fromNs = ns;
            }

            if (parse.GetValue(to) is { } toText)
            {
                if (!ReplayTime.TryParse(toText, out var ns, out error))
                {
                    return Fail("--to: " + error);
                }

                toNs = ns;
            }

            if (fromNs > toNs)
            {
                return Fail("--from is after --to");
            }

            if (!Directory.Exists(path))
            {
                return Fail($"journal directory '{path}' does not exist");
            }

            var wanted = parse.GetValue(symbols) is { Length: > 0 } s ? s : null;
            var latest = new LatestProgress();
            var options = new ReplayOptions
            {
                Directory = path,
                Publish = parse.GetValue(publish)!,
                Speed = factor,
                Read = new JournalReadOptions { FromTimeNs = fromNs, ToTimeNs = toNs, Symbols = wanted, SkipCorrupt = parse.GetValue(skipCorrupt) },
                SendHighWatermark = parse.GetValue(hwm),
                WaitForSubscriptions = parse.GetValue(waitSubscribers),
                WaitTimeout = parse.GetValue(waitTimeout),
                Linger = parse.GetValue(linger),
                OnWaitOver = (live, waited, timedOut) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"tickstream replay: {(timedOut ? "the wait timed out with" : "starting with")} {live} data subscription(s) after {waited.TotalSeconds:0.000} s")),
                OnProgress = latest.Set,
            };
            if (!options.IsValid(out error) || !ZmqEndpoint.TryValidate(options.Publish, bind: true, out error))
            {
                return Fail(error!);
            }

            var interactive = !Console.IsOutputRedirected;
            ReplaySummary summary;
            try
            {
                summary = interactive
                    ? await RunWithProgressBar(options, latest, fromNs, toNs, ct)
                    : await RunWithPlainLines(options, latest, ct);
            }
            catch (Exception e) when (e is JournalException or NetMQ.NetMQException or ArgumentException or IOException)
            {
                return CliFailure.Report("replay", e, Console.Error, e is NetMQ.NetMQException ? "--pub " + options.Publish : null);
            }

            // The replayer's socket is closed: wait, within its linger, until what it queued is written.
            if (summary.FramesSent > 0 && NetMQFlush.Run(options.Linger, out _) is { } written)
            {
                summary.Delivered = summary.Delivered != false && written;
            }

            Console.Write(summary.ToText());
            if (summary.WaitTimedOut && summary.FramesSent == 0)
            {
                return FailedJob($"no subscriber came within {options.WaitTimeout.TotalSeconds:0.###} s: nothing was sent");
            }

            if (summary.Delivered == false)
            {
                return FailedJob($"the {options.Linger.TotalSeconds:0.###} s linger passed with frames still queued for a subscriber: not every frame sent was delivered");
            }

            return summary.StoppedOnCorruption ? 1 : 0;
        });
        return command;
    }

    private static Task<ReplaySummary> Start(ReplayOptions options, CancellationToken ct) =>
        Task.Factory.StartNew(() =>
        {
            // The socket lives on this one thread, from bind to close.
            using var replayer = new JournalReplayer(options);
            replayer.Bind();
            Console.Error.WriteLine($"tickstream replay: publishing on {replayer.Endpoint}");
            if (options.WaitForSubscriptions > 0)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"tickstream replay: waiting for {options.WaitForSubscriptions} data subscription(s) before the first frame, at most {options.WaitTimeout.TotalSeconds:0.###} s"));
            }

            var summary = replayer.Run(ct);

            // Before the socket closes (NetMQ resets its connections then): the subscribers take in the tail.
            summary.Delivered = summary.FramesSent > 0 ? NetMQFlush.WaitForSubscribers(replayer.Endpoint, options.Linger) : null;

            return summary;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static async Task<ReplaySummary> RunWithPlainLines(ReplayOptions options, LatestProgress latest, CancellationToken ct)
    {
        var run = Start(options, ct);
        while (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)) != run)
        {
            if (latest.Get() is { } p)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"replay: {p.FramesSent} frames, at {ReplayTime.Format(p.LastRecordedNs)}, {p.Elapsed.TotalSeconds:0.0} s"));
            }
        }

        return await run;
    }

    private static async Task<ReplaySummary> RunWithProgressBar(ReplayOptions options, LatestProgress latest, long? fromNs, long? toNs, CancellationToken ct)
    {
        // The bar runs over recorded time: the window's ends, or the journal's from a first pass.
        long firstNs;
        long lastNs;
        if (fromNs is { } f && toNs is { } t)
        {
            (firstNs, lastNs) = (f, t);
        }
        else
        {
            var inspection = JournalInspector.Inspect(options.Directory);
            firstNs = Math.Max(fromNs ?? long.MinValue, inspection.FirstTimeNs ?? 0);
            lastNs = Math.Min(toNs ?? long.MaxValue, inspection.LastTimeNs ?? 0);
        }

        var span = Math.Max(1, lastNs - firstNs);
        ReplaySummary? summary = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("replay " + ReplaySpeed.Format(options.Speed), maxValue: span);
                var run = Start(options, ct);
                while (await Task.WhenAny(run, Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None)) != run)
                {
                    if (latest.Get() is { } p)
                    {
                        task.Value = Math.Clamp(p.LastRecordedNs - firstNs, 0, span);
                        task.Description = string.Create(CultureInfo.InvariantCulture, $"replay {ReplaySpeed.Format(options.Speed)}: {p.FramesSent} frames");
                    }
                }

                summary = await run;
                task.Value = span;
            });
        return summary!;
    }

    private static int Fail(string message) => CliFailure.BadUsage("replay", message, Console.Error);

    // The input was fine but the job was not done.
    private static int FailedJob(string message)
    {
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tickstream replay: {message}"));
        return 1;
    }

    /// <summary>
    /// The latest progress, handed from the replay thread to the display loop; boxed because a struct of five
    /// fields cannot be swapped atomically (a box every progress interval, not per frame).
    /// </summary>
    private sealed class LatestProgress
    {
        private StrongBox<ReplayProgress>? _value;

        public void Set(ReplayProgress progress) => Volatile.Write(ref _value, new StrongBox<ReplayProgress>(progress));

        public ReplayProgress? Get() => Volatile.Read(ref _value)?.Value;
    }
}
