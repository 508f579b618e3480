using System.Diagnostics;
using System.Globalization;
using HdrHistogram;
using Spectre.Console;
using TickStream.Client;
using TickStream.Monitoring;

namespace TickStream.Cli.Watch;

/// <summary>Runs <c>tickstream watch</c>: subscribes, shows a live table or raw lines, and summarises at exit.</summary>
internal static class WatchRunner
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Runs until <paramref name="cancellationToken"/> (Ctrl+C) or the duration ends; 0 on a clean exit.</summary>
    public static async Task<int> RunAsync(WatchSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        output = TextWriter.Synchronized(output);
        error = TextWriter.Synchronized(error);
        var options = new TickSubscriberOptions
        {
            HeartbeatTimeout = settings.HeartbeatTimeout,
            ReceiveHighWatermark = settings.ReceiveHighWatermark,
            SubscribeAll = settings.Symbols.Count == 0,
            RequestEndpoint = settings.RequestEndpoint,
            RequestServerKey = settings.RequestServerKey,
            CurveServerKey = settings.ServerKey is { } key ? NetMQ.NetMQCertificate.FromPublicKey(key).PublicKey : null,
            CurveCertificate = settings.ClientCertificate,
            Credential = settings.Credential,
        };
        foreach (var endpoint in settings.Endpoints)
        {
            options.Endpoints.Add(endpoint);
        }

        foreach (var symbol in settings.Symbols)
        {
            options.Symbols.Add(symbol);
        }

        TickSubscriber subscriber;
        try
        {
            subscriber = new TickSubscriber(options);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync("tickstream watch: " + e.Message).ConfigureAwait(false);
            return 2;
        }
        catch (GatewayRequestException e)
        {
            await error.WriteLineAsync($"tickstream watch: the gateway at {settings.RequestEndpoint} refused the session: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        var board = new SymbolBoard();
        var seen = new SeenSymbols(settings.Count);
        var notes = settings.Raw ? error : output;
        var started = Stopwatch.GetTimestamp();
        var outputClosed = false;
        using (subscriber)
        using (var metrics = settings.MetricsPort is null ? null : new SubscriberMetrics(subscriber))
        using (var monitoring = metrics is null ? null : new MonitoringEndpoint(settings.MetricsPort!.Value, () => Health(subscriber, settings)))
        {
            if (monitoring is not null)
            {
                await error.WriteLineAsync($"tickstream watch: metrics at {monitoring.Url}metrics, health at {monitoring.Url}health").ConfigureAwait(false);
            }

            subscriber.GapDetected += (_, gap) =>
            {
                board.AddGap(gap.Symbol, gap.MissingCount);
                if (settings.Raw)
                {
                    error.WriteLine("tickstream watch: gap: " + gap);
                }
            };
            subscriber.StreamStale += (_, e) => error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"tickstream watch: stream {e.StreamId} is stale: nothing for {e.Silence.TotalSeconds:0.0} s"));
            subscriber.StreamRecovered += (_, e) => error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"tickstream watch: stream {e.StreamId} recovered after {e.Silence.TotalSeconds:0.0} s"));
            subscriber.StreamRestarted += (_, e) => error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"tickstream watch: stream {e.StreamId} restarted (session {e.Value}); sequences reset"));

            using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (settings.Duration > TimeSpan.Zero)
            {
                run.CancelAfter(settings.Duration);
            }

            var silence = WarnWhenSilentAsync(subscriber, settings, error, run.Token);
            var records = seen.Take(subscriber.ReadAllAsync(run.Token), run, run.Token);
            try
            {
                if (settings.Raw)
                {
                    await PrintRawAsync(records, settings.Format, output).ConfigureAwait(false);
                }
                else
                {
                    await ShowTableAsync(records, board, subscriber, settings, output, run.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (run.IsCancellationRequested)
            {
                // Ctrl+C, the end of --duration or --count: a normal end.
            }
            catch (IOException)
            {
                // The reader of the output went away (watch | head): the job is done, quietly.
                outputClosed = true;
                await run.CancelAsync().ConfigureAwait(false);
            }

            await silence.ConfigureAwait(false);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        try
        {
            await WriteSummaryAsync(subscriber, settings, elapsed, outputClosed ? error : notes, error).ConfigureAwait(false);
        }
        catch (IOException)
        {
            outputClosed = true;
        }

        if (outputClosed)
        {
            return 0;
        }

        var missing = seen.Missing(settings.Symbols);
        if (missing.Count > 0 || !seen.Any)
        {
            var what = settings.Symbols.Count == 0 ? "any symbol" : string.Join(", ", missing);
            await error.WriteLineAsync(
                $"tickstream watch: nothing received for {what} from {string.Join(", ", settings.Endpoints)}: an unknown symbol (tickstream symbols lists them), " +
                "a feed or gateway that is not running there, or a wrong --server-key").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }

    private static HealthReport Health(TickSubscriber subscriber, WatchSettings settings)
    {
        var age = subscriber.LastFrameAge;
        return new HealthReport(age < settings.HeartbeatTimeout, new Dictionary<string, object>
        {
            ["feedAlive"] = age < settings.HeartbeatTimeout,
            ["lastFrameAgeSeconds"] = Math.Round(age.TotalSeconds, 3),
            ["staleAfterSeconds"] = settings.HeartbeatTimeout.TotalSeconds,
        });
    }

    private static async Task WarnWhenSilentAsync(TickSubscriber subscriber, WatchSettings settings, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(settings.SilenceWarning, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (subscriber.Counters.FramesReceived == 0)
        {
            var endpoints = string.Join(", ", settings.Endpoints);
            var seconds = settings.SilenceWarning.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
            await error.WriteLineAsync(
                $"tickstream watch: nothing received from {endpoints} in {seconds} s: is a feed or gateway publishing there? " +
                "(ZeroMQ connects in the background and keeps retrying; it never reports an unreachable tcp endpoint)").ConfigureAwait(false);
        }
    }

    private static async Task PrintRawAsync(IAsyncEnumerable<TickRecord> records, WatchFormat format, TextWriter output)
    {
        var formatter = new RawLineFormatter();
        await foreach (var record in records.ConfigureAwait(false))
        {
            await output.WriteLineAsync(formatter.Format(record, format)).ConfigureAwait(false);
        }
    }

    private static async Task ShowTableAsync(
        IAsyncEnumerable<TickRecord> records, SymbolBoard board, TickSubscriber subscriber, WatchSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var title = $"tickstream watch {string.Join(", ", settings.Endpoints)}: {(settings.Symbols.Count == 0 ? "everything" : string.Join(" ", settings.Symbols))}";
        var consume = ConsumeAsync(records, board);
        if (!console.Profile.Capabilities.Interactive)
        {
            // Not a terminal: no redrawing in place; the final table is printed once at exit.
            try
            {
                await consume.ConfigureAwait(false);
            }
            finally
            {
                console.Write(board.Render(subscriber.Counters, title));
            }

            return;
        }

        await console.Live(board.Render(subscriber.Counters, title, LiveRows(console))).AutoClear(false).StartAsync(async context =>
        {
            try
            {
                while (!consume.IsCompleted)
                {
                    await Task.WhenAny(consume, Task.Delay(RefreshInterval, cancellationToken)).ConfigureAwait(false);
                    context.UpdateTarget(board.Render(subscriber.Counters, title, LiveRows(console)));
                    context.Refresh();
                }
            }
            finally
            {
                context.UpdateTarget(board.Render(subscriber.Counters, title, LiveRows(console)));
                context.Refresh();
            }
        }).ConfigureAwait(false);
        await consume.ConfigureAwait(false);
    }

    // Rows that fit the terminal beside the title, borders, header, the "more" row and a two-line caption: a live
    // table taller than the terminal cannot be redrawn in place.
    private static int LiveRows(IAnsiConsole console) => console.Profile.Height - 9;

    private static async Task ConsumeAsync(IAsyncEnumerable<TickRecord> records, SymbolBoard board)
    {
        await foreach (var record in records.ConfigureAwait(false))
        {
            board.Apply(record);
        }
    }

    private static async Task WriteSummaryAsync(TickSubscriber subscriber, WatchSettings settings, TimeSpan elapsed, TextWriter notes, TextWriter error)
    {
        var c = subscriber.Counters;
        var inv = CultureInfo.InvariantCulture;
        await notes.WriteLineAsync(string.Create(inv,
            $"tickstream watch: {c.FramesReceived} frames in {elapsed.TotalSeconds:0.0} s (trades {c.Trades}, quotes {c.Quotes}, book updates {c.BookUpdates}, " +
            $"heartbeats {c.Heartbeats}, stream starts {c.StreamStarts}, definitions {c.InstrumentDefinitions}); gaps {c.Gaps} ({c.MissingFrames} lost), " +
            $"duplicates {c.Duplicates}, malformed {c.Malformed}, stale {c.StaleEvents}, restarts {c.Restarts}, tail losses {c.TailLosses}, " +
            $"records dropped {c.RecordsDropped}, latency out of range {c.LatencyOutOfRange}")).ConfigureAwait(false);
        if (settings.RequestEndpoint is not null)
        {
            await notes.WriteLineAsync(string.Create(inv,
                $"tickstream watch: repair: gaps repaired {c.GapsRepaired} ({c.FramesRepaired} frames), gaps lost {c.GapsLost} ({c.MissingFrames} frames), " +
                $"requests {c.RepairRequests} ({c.RepairFailures} failed), tails repaired {c.TailsRepaired} of {c.TailChecks} checked, " +
                $"unrepaired at close {c.GapsUnrepairedAtClose} ({c.FramesDeliveredAtClose} held frames delivered)")).ConfigureAwait(false);
        }

        if (settings.Latency)
        {
            await notes.WriteLineAsync("latency (us)      count        p50        p90        p99      p99.9        max").ConfigureAwait(false);
            await WriteLatencyLineAsync(notes, "all", subscriber.Latency.Snapshot()).ConfigureAwait(false);
            foreach (var kind in (TickKind[])[TickKind.Trade, TickKind.Quote, TickKind.BookUpdate])
            {
                var histogram = subscriber.Latency.Snapshot(kind);
                if (histogram.TotalCount > 0)
                {
                    await WriteLatencyLineAsync(notes, kind.ToString(), histogram).ConfigureAwait(false);
                }
            }
        }

        if (settings.HgrmPath is { } path)
        {
            try
            {
                HistogramFiles.WritePercentiles(subscriber.Latency.Snapshot(), path, HistogramFiles.NanosecondsPerMicrosecond);
                await notes.WriteLineAsync($"tickstream watch: latency percentiles (us) written to {path}").ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"tickstream watch: cannot write {path}: {e.Message}").ConfigureAwait(false);
            }
        }
    }

    private static Task WriteLatencyLineAsync(TextWriter notes, string name, HistogramBase h)
    {
        static string Us(long ns) => (ns / 1000.0).ToString("0.0", CultureInfo.InvariantCulture).PadLeft(10);
        var line = h.TotalCount == 0
            ? $"{name,-12} {0,10}          -          -          -          -          -"
            : string.Create(CultureInfo.InvariantCulture,
                $"{name,-12} {h.TotalCount,10} {Us(h.GetValueAtPercentile(50))} {Us(h.GetValueAtPercentile(90))} {Us(h.GetValueAtPercentile(99))} {Us(h.GetValueAtPercentile(99.9))} {Us(h.GetMaxValue())}");
        return notes.WriteLineAsync(line);
    }
}
