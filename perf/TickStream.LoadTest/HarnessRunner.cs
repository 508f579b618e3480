using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace TickStream.LoadTest;

/// <summary>
/// Runs scenarios end to end: the publisher in this process, subscribers as separate processes, then writes the run
/// folder (summary.json, summary.md, .hgrm, .hlog and each subscriber's JSON) and prints the table.
/// </summary>
internal sealed class HarnessRunner
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(40);
    private readonly HarnessOptions _options;
    private readonly TextWriter _console;
    private readonly bool _maxMode;

    public HarnessRunner(HarnessOptions options, TextWriter console, bool maxMode)
    {
        _options = options;
        _console = console;
        _maxMode = maxMode;
    }

    /// <summary>Runs every scenario and writes the run folder.</summary>
    /// <param name="commandLine">The command, recorded in the summary.</param>
    public RunSummary Run(string commandLine)
    {
        var started = DateTime.UtcNow;
        var outDir = _options.OutDir ?? Path.Combine("runs", started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(outDir);
        outDir = Path.GetFullPath(outDir);

        PublisherPath[] paths = _maxMode
            ? [PublisherPath.TickStream, PublisherPath.RawOneFrame, PublisherPath.RawTwoFrame]
            : [PublisherPath.TickStream, .. _options.Baseline ? [PublisherPath.RawOneFrame] : Array.Empty<PublisherPath>(),
                .. _options.TwoFrameBaseline ? [PublisherPath.RawTwoFrame] : Array.Empty<PublisherPath>()];
        bool[] spins = _options.SpinLimit switch
        {
            SpinLimitMode.Zero => [true],
            SpinLimitMode.Both => [false, true],
            _ => [false],
        };
        IReadOnlyList<double> rates = _maxMode ? [0] : _options.Rates;

        var scenarios = new List<ScenarioResult>();
        for (var rep = 1; rep <= _options.Repeat; rep++)
        {
            foreach (var rate in rates)
            {
                foreach (var spin in spins)
                {
                    // Paths interleaved within a repetition, so a noisy moment on the machine hits them alike.
                    foreach (var path in paths)
                    {
                        var result = RunScenario(outDir, path, rate, spin, rep);
                        scenarios.Add(result);
                        _console.WriteLine(result.Error is null
                            ? $"  {result.Name}: {result.DeliveredPerSecond:N0} ticks/s, lost {result.Lost}, p50 {result.Latency.P50Us:N1} us, p99 {result.Latency.P99Us:N1} us, cores pub {result.PublisherCores:F2} sub {result.SubscriberCores:F2}"
                            : $"  {result.Name}: FAILED: {result.Error}");
                        foreach (var sub in result.SubscriberResults)
                        {
                            if (sub.Gaps > 0 || sub.Duplicates > 0)
                            {
                                _console.WriteLine($"    {sub.Name}: {sub.Gaps} gaps, {sub.MissingInGaps} missing, largest {sub.LargestGap}, {sub.Duplicates} duplicates; first: {string.Join(" ", sub.GapRanges.Take(8))}");
                            }
                        }

                        if (result.PublisherThreads.Count > 0)
                        {
                            _console.WriteLine($"    publisher threads (cores, switches/s voluntary+involuntary): {string.Join(", ", result.PublisherThreads.Take(5).Select(t => $"{t.Thread} {t.Cores:F3} {t.VoluntarySwitchesPerSecond:F0}+{t.InvoluntarySwitchesPerSecond:F0}"))}");
                        }
                    }
                }
            }
        }

        var comparison = Compare(scenarios);
        var summary = new RunSummary
        {
            Mode = _maxMode ? "max" : "run",
            StartedUtc = started,
            CommandLine = commandLine,
            ProcessorCount = Environment.ProcessorCount,
            Os = RuntimeInformation.OSDescription,
            Runtime = RuntimeInformation.FrameworkDescription,
            DurationSeconds = _maxMode ? 0 : _options.Duration.TotalSeconds,
            SubscribersPerScenario = _options.Subscribers,
            Comparison = comparison,
            NoLossRates = NoLossRates(comparison),
            Scenarios = scenarios,
        };
        File.WriteAllText(Path.Combine(outDir, "summary.json"), JsonSerializer.Serialize(summary, RunJson.Options), LatencyFiles.Utf8);
        var table = ResultTable.Markdown(summary);
        File.WriteAllText(Path.Combine(outDir, "summary.md"), table, LatencyFiles.Utf8);
        _console.WriteLine();
        _console.Write(table);
        _console.WriteLine($"run folder: {outDir}");
        return summary;
    }

    private ScenarioResult RunScenario(string outDir, PublisherPath path, double rate, bool spinLimitZero, int repetition)
    {
        var name = string.Create(CultureInfo.InvariantCulture,
            $"{LatencySubscriber.PathName(path)}-{(rate > 0 ? rate.ToString("0", CultureInfo.InvariantCulture) : "max")}{(spinLimitZero ? "-spin0" : "")}-r{repetition}");
        // A paced source is given the tick count its rate makes in the run time, so it ends on its own and the
        // sockets stay open until every subscriber has what was sent (closing early would drop queued ticks).
        var maxTicks = _maxMode || rate <= 0
            ? _options.MaxTicks
            : (long)Math.Round(rate * (_options.Warmup + _options.Duration).TotalSeconds);
        var expectedIntervalNs = rate > 0 ? (long)Math.Round(1e9 / rate) : 0;
        var failed = new ScenarioResult { Name = name, Path = LatencySubscriber.PathName(path), Rate = rate, SpinLimitZero = spinLimitZero, Repetition = repetition, Subscribers = _options.Subscribers };

        using IScenarioPublisher publisher = path == PublisherPath.TickStream
            ? new TickStreamPublisher(rate, maxTicks, _options.Seed, _options.HighWatermark, _options.PacingSlack)
            : new RawNetMqPublisher(path == PublisherPath.RawTwoFrame, rate, maxTicks, _options.Seed, _options.HighWatermark, _options.PacingSlack);
        var subscribers = new List<SubscriberProcess>();
        try
        {
            for (var i = 1; i <= _options.Subscribers; i++)
            {
                subscribers.Add(new SubscriberProcess(publisher.Endpoint, path, outDir, $"{name}.sub{i}", expectedIntervalNs, _options.Interval, _maxMode ? TimeSpan.Zero : _options.Warmup, spinLimitZero, _options.HighWatermark));
            }

            var clock = Stopwatch.StartNew();
            foreach (var subscriber in subscribers)
            {
                if (!subscriber.WaitReady(StartupTimeout - clock.Elapsed))
                {
                    return failed with { Error = $"{subscriber.Name} did not start within {StartupTimeout.TotalSeconds:F0} s: {subscriber.Errors}" };
                }
            }

            while (!publisher.SubscribersReady(subscribers.Count))
            {
                if (clock.Elapsed > StartupTimeout)
                {
                    return failed with { Error = $"the publisher did not see {subscribers.Count} subscriber(s) within {StartupTimeout.TotalSeconds:F0} s" };
                }

                Thread.Sleep(10);
            }

            using var self = Process.GetCurrentProcess();
            publisher.Start();
            var warmup = _maxMode ? TimeSpan.Zero : _options.Warmup;
            publisher.Completed.Wait(warmup);

            // CPU and wall time from the end of the warm-up until every tick is handed to the socket.
            self.Refresh();
            var cpuBefore = self.TotalProcessorTime;
            var threadsBefore = ThreadCpu.Sample();
            var publishing = Stopwatch.StartNew();
            var bound = (_maxMode ? TimeSpan.FromMinutes(2) : _options.Duration * 2) + TimeSpan.FromSeconds(5);
            var finished = publisher.Completed.Wait(bound);
            while (finished && publisher.Backlog > 0 && publishing.Elapsed < bound + TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(1);
            }

            var publishSeconds = publishing.Elapsed.TotalSeconds;
            self.Refresh();
            var cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
            var threadCores = ThreadCpu.Between(threadsBefore, ThreadCpu.Sample(), publishSeconds, cpu);
            if (!finished)
            {
                publisher.Stop(); // the source could not make its ticks in time: stop it, then count
            }

            var sent = publisher.Sent;
            foreach (var subscriber in subscribers)
            {
                subscriber.Stop(sent);
            }

            var results = new List<SubscriberResult>();
            foreach (var subscriber in subscribers)
            {
                if (!subscriber.WaitForExit(ExitTimeout))
                {
                    return failed with { Error = $"{subscriber.Name} failed or did not finish: {subscriber.Errors}" };
                }

                var json = Path.Combine(outDir, subscriber.Name + ".json");
                try
                {
                    results.Add(JsonSerializer.Deserialize<SubscriberResult>(File.ReadAllText(json), RunJson.Options)
                        ?? throw new InvalidDataException("empty"));
                }
                catch (Exception e) when (e is IOException or JsonException or InvalidDataException)
                {
                    return failed with { Error = $"{json}: {e.Message}" };
                }
            }

            publisher.Stop();
            var merged = LatencyFiles.NewHistogram();
            foreach (var result in results)
            {
                try
                {
                    foreach (var interval in LatencyFiles.ReadIntervalLog(Path.Combine(outDir, result.HlogFile)))
                    {
                        merged.Add(interval);
                    }
                }
                catch (Exception e) when (e is IOException or InvalidDataException)
                {
                    return failed with { Error = $"{result.HlogFile}: {e.Message}" };
                }
            }

            var hgrm = name + ".hgrm";
            LatencyFiles.WritePercentiles(Path.Combine(outDir, hgrm), merged);
            double delivered = 0, subscriberCores = 0;
            long lost = 0, receivedMin = long.MaxValue;
            foreach (var result in results)
            {
                delivered += result.FirstToLastSeconds > 0 ? result.Received / result.FirstToLastSeconds : 0;
                subscriberCores += result.Cores;
                lost += Math.Max(0, sent - result.Received);
                receivedMin = Math.Min(receivedMin, result.Received);
            }

            return failed with
            {
                PublishSeconds = Math.Round(publishSeconds, 4),
                Sent = sent,
                ReceivedMin = receivedMin,
                Lost = lost,
                DeliveredPerSecond = Math.Round(delivered / results.Count, 1),
                PublisherCores = Math.Round(cpu / publishSeconds, 3),
                PublisherThreads = threadCores,
                SubscriberCores = Math.Round(subscriberCores / results.Count, 3),
                Latency = LatencySummary.From(merged),
                LatencyUncorrected = results[0].LatencyUncorrected,
                HgrmFile = hgrm,
                HlogFile = results[0].HlogFile,
                Timeline = results[0].Intervals,
                SubscriberResults = results,
            };
        }
        finally
        {
            foreach (var subscriber in subscribers)
            {
                subscriber.Dispose();
            }
        }
    }

    private static List<ComparisonRow> Compare(List<ScenarioResult> scenarios)
    {
        var groups = new List<(string Path, double Rate, bool Spin, List<ScenarioResult> Runs)>();
        foreach (var s in scenarios)
        {
            if (s.Error is not null)
            {
                continue;
            }

            var index = groups.FindIndex(g => g.Path == s.Path && g.Rate == s.Rate && g.Spin == s.SpinLimitZero);
            if (index < 0)
            {
                groups.Add((s.Path, s.Rate, s.SpinLimitZero, [s]));
            }
            else
            {
                groups[index].Runs.Add(s);
            }
        }

        var rows = new List<ComparisonRow>();
        foreach (var (path, rate, spin, runs) in groups)
        {
            rows.Add(new ComparisonRow
            {
                Path = path,
                Rate = rate,
                SpinLimitZero = spin,
                Runs = runs.Count,
                DeliveredPerSecond = Median(runs, r => r.DeliveredPerSecond),
                Lost = (long)Median(runs, r => r.Lost),
                P50Us = Median(runs, r => r.Latency.P50Us),
                P90Us = Median(runs, r => r.Latency.P90Us),
                P99Us = Median(runs, r => r.Latency.P99Us),
                P999Us = Median(runs, r => r.Latency.P999Us),
                P9999Us = Median(runs, r => r.Latency.P9999Us),
                MaxUs = Median(runs, r => r.Latency.MaxUs),
                P50UncorrectedUs = Median(runs, r => r.LatencyUncorrected.P50Us),
                P99UncorrectedUs = Median(runs, r => r.LatencyUncorrected.P99Us),
                PublisherCores = Median(runs, r => r.PublisherCores),
                SubscriberCores = Median(runs, r => r.SubscriberCores),
            });
        }

        // Every figure as a ratio of the raw one-frame baseline at the same rate and spin setting.
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var baseline = rows.Find(b => b.Path == "raw-one-frame" && b.Rate == row.Rate && b.SpinLimitZero == row.SpinLimitZero);
            if (baseline is null)
            {
                continue;
            }

            rows[i] = row with
            {
                ThroughputRatio = Ratio(row.DeliveredPerSecond, baseline.DeliveredPerSecond),
                P50Ratio = Ratio(row.P50Us, baseline.P50Us),
                P99Ratio = Ratio(row.P99Us, baseline.P99Us),
                PublisherCoresRatio = Ratio(row.PublisherCores, baseline.PublisherCores),
                SubscriberCoresRatio = Ratio(row.SubscriberCores, baseline.SubscriberCores),
            };
        }

        return rows;
    }

    // Sustained: nothing lost and at least 97% of the target delivered (Poisson arrivals wander a little).
    private const double SustainedShare = 0.97;

    private static List<NoLossRate> NoLossRates(List<ComparisonRow> rows)
    {
        var result = new List<NoLossRate>();
        foreach (var row in rows)
        {
            if (row.Rate <= 0 || result.Exists(r => r.Path == row.Path && r.SpinLimitZero == row.SpinLimitZero))
            {
                continue;
            }

            // Walk the rates upwards: the answer is the last rate before the first failure, so a lucky run at a
            // higher rate after a failed lower one does not count.
            var tried = rows.FindAll(o => o.Path == row.Path && o.SpinLimitZero == row.SpinLimitZero && o.Rate > 0);
            tried.Sort((a, b) => a.Rate.CompareTo(b.Rate));
            double best = 0;
            double? failed = null;
            foreach (var other in tried)
            {
                if (other.Lost != 0 || other.DeliveredPerSecond < other.Rate * SustainedShare)
                {
                    failed = other.Rate;
                    break;
                }

                best = other.Rate;
            }

            result.Add(new NoLossRate(row.Path, row.SpinLimitZero, best, failed, null));
        }

        for (var i = 0; i < result.Count; i++)
        {
            var baseline = result.Find(b => b.Path == "raw-one-frame" && b.SpinLimitZero == result[i].SpinLimitZero);
            result[i] = result[i] with { RatioToRawOneFrame = baseline is null ? null : Ratio(result[i].HighestSustainedRate, baseline.HighestSustainedRate) };
        }

        return result;
    }

    private static double? Ratio(double value, double baseline) => baseline > 0 ? Math.Round(value / baseline, 2) : null;

    private static double Median(List<ScenarioResult> runs, Func<ScenarioResult, double> figure)
    {
        var values = new double[runs.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = figure(runs[i]);
        }

        Array.Sort(values);
        return values.Length % 2 == 1 ? values[values.Length / 2] : (values[(values.Length / 2) - 1] + values[values.Length / 2]) / 2;
    }
}
