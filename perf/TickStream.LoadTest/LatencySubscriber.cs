using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HdrHistogram;
using NetMQ;
using NetMQ.Sockets;
using TickStream.Wire;

namespace TickStream.LoadTest;

/// <summary>
/// The <c>subscribe</c> mode: a subscriber process that records end-to-end latency (receive time minus the frame's
/// ingest time, both <see cref="WireClock"/>) of every trade and quote, and writes its histograms and counts.
/// Control comes on standard input: <c>stop N</c> says the publisher sent N ticks; end of input stops too.
/// </summary>
internal sealed class LatencySubscriber
{
    // SBE header (8 bytes) + ingestTime's block offset (24).
    private const int IngestTimeFrameOffset = 8 + 24;

    // SBE header (8 bytes) + streamSeq's block offset (0): every trade and quote of the stream, 1, 2, 3, ...
    private const int StreamSeqFrameOffset = 8;
    private const int MaxGapRangesKept = 20;
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan IdleAfterStop = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDrainAfterStop = TimeSpan.FromSeconds(15);

    private readonly string _endpoint;
    private readonly PublisherPath _path;
    private readonly string _outDir;
    private readonly string _name;
    private readonly long _expectedIntervalNs;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _warmup;
    private readonly int _highWatermark;
    private long _target = long.MinValue; // MinValue: running; -1: stop, count unknown; else the count sent
    private long _stopTimestamp;

    private LatencySubscriber(string endpoint, PublisherPath path, string outDir, string name, long expectedIntervalNs, TimeSpan interval, TimeSpan warmup, int highWatermark)
    {
        _warmup = warmup;
        _highWatermark = highWatermark;
        _endpoint = endpoint;
        _path = path;
        _outDir = outDir;
        _name = name;
        _expectedIntervalNs = expectedIntervalNs;
        _interval = interval;
    }

    /// <summary>Runs the subscribe mode from its command-line arguments; returns the exit code.</summary>
    public static int RunMode(IReadOnlyList<string> args)
    {
        string? endpoint = null, outDir = null, name = null;
        var path = PublisherPath.TickStream;
        long expectedIntervalNs = 0;
        var interval = TimeSpan.FromSeconds(1);
        var warmup = TimeSpan.Zero;
        var highWatermark = 1_000_000;
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--connect": endpoint = value; break;
                case "--out": outDir = value; break;
                case "--name": name = value; break;
                case "--path": path = ParsePath(value); break;
                case "--expected-interval-ns": expectedIntervalNs = long.Parse(value, CultureInfo.InvariantCulture); break;
                case "--interval-ms": interval = TimeSpan.FromMilliseconds(int.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--hwm": highWatermark = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--warmup-ms": warmup = TimeSpan.FromMilliseconds(int.Parse(value, CultureInfo.InvariantCulture)); break;
                default:
                    Console.Error.WriteLine($"subscribe: unknown argument '{args[i]}'");
                    return 2;
            }
        }

        if (endpoint is null || outDir is null || name is null)
        {
            Console.Error.WriteLine("subscribe: --connect, --out and --name are required");
            return 2;
        }

        new LatencySubscriber(endpoint, path, outDir, name, expectedIntervalNs, interval, warmup, highWatermark).Run();
        return 0;
    }

    public static string PathName(PublisherPath path) => path switch
    {
        PublisherPath.TickStream => "tickstream",
        PublisherPath.RawOneFrame => "raw-one-frame",
        _ => "raw-two-frame",
    };

    public static PublisherPath ParsePath(string text) => text switch
    {
        "tickstream" => PublisherPath.TickStream,
        "raw-one-frame" => PublisherPath.RawOneFrame,
        "raw-two-frame" => PublisherPath.RawTwoFrame,
        _ => throw new FormatException($"unknown path '{text}': tickstream, raw-one-frame or raw-two-frame"),
    };

    private void Run()
    {
        using var socket = new SubscriberSocket();
        socket.Options.ReceiveHighWatermark = _highWatermark;
        socket.Options.Linger = TimeSpan.Zero;
        if (_path == PublisherPath.TickStream)
        {
            socket.Subscribe("T.");
        }

        socket.Subscribe("Q.");
        socket.Connect(_endpoint);
        var control = new Thread(ReadControl) { IsBackground = true, Name = "control" };
        control.Start();
        Console.Out.WriteLine("ready");
        Console.Out.Flush();

        var uncorrected = LatencyFiles.NewHistogram();
        var corrected = LatencyFiles.NewHistogram();
        var current = LatencyFiles.NewHistogram();
        var intervals = new List<HistogramBase>();
        long received = 0, measured = 0, skipped = 0, intervalReceived = 0;
        long firstTimestamp = 0, lastTimestamp = 0, measureStart = 0, intervalStart = 0, nextRoll = long.MaxValue, measureFrom = long.MaxValue;
        var firstUtc = DateTime.UtcNow;
        var cpuAtFirst = TimeSpan.Zero;
        var intervalTicks = (long)(_interval.TotalSeconds * Stopwatch.Frequency);
        var process = Process.GetCurrentProcess();

        var intervalBounds = new List<(double StartSeconds, double LengthSeconds, long Received)>();
        void Roll(long now)
        {
            // Only the raw interval is kept here; correcting it on the receive thread would slow receiving.
            var start = firstUtc.AddSeconds((double)(intervalStart - firstTimestamp) / Stopwatch.Frequency);
            var snapshot = current.Copy();
            snapshot.StartTimeStamp = new DateTimeOffset(start).ToUnixTimeMilliseconds();
            snapshot.EndTimeStamp = snapshot.StartTimeStamp + (long)((double)(now - intervalStart) / Stopwatch.Frequency * 1000);
            intervals.Add(snapshot);
            uncorrected.Add(current);
            intervalBounds.Add((
                Math.Round((double)(intervalStart - firstTimestamp) / Stopwatch.Frequency, 3),
                Math.Round((double)(now - intervalStart) / Stopwatch.Frequency, 3),
                intervalReceived));
            current.Reset();
            intervalReceived = 0;
            intervalStart = now;
            nextRoll = now + intervalTicks;
        }

        // Where ticks are lost tells why: a long run is a high-water mark overflowing, single frames are not.
        ulong lastSeq = 0;
        long gaps = 0, missing = 0, duplicates = 0, largestGap = 0;
        var gapRanges = new List<string>();

        var msg = default(Msg);
        msg.InitEmpty();
        long lastMessageTimestamp = Stopwatch.GetTimestamp();
        while (true)
        {
            if (!socket.TryReceive(ref msg, PollTimeout))
            {
                var idleNow = Stopwatch.GetTimestamp();
                if (firstTimestamp != 0 && idleNow >= nextRoll)
                {
                    Roll(idleNow);
                }

                if (ShouldStop(received, idleNow, lastMessageTimestamp))
                {
                    break;
                }

                continue;
            }

            var receiveNs = WireClock.NowNanoseconds();
            var now = Stopwatch.GetTimestamp();
            lastMessageTimestamp = now;
            if (_path == PublisherPath.RawTwoFrame && msg.HasMore)
            {
                continue; // the topic frame
            }

            if (!TryReadIngestTime(msg.Slice(), out var ingestNs, out var seq))
            {
                skipped++;
                continue;
            }

            if (seq <= lastSeq)
            {
                duplicates++;
            }
            else
            {
                if (lastSeq != 0 && seq != lastSeq + 1)
                {
                    var run = (long)(seq - lastSeq - 1);
                    gaps++;
                    missing += run;
                    largestGap = Math.Max(largestGap, run);
                    if (gapRanges.Count < MaxGapRangesKept)
                    {
                        gapRanges.Add(string.Create(CultureInfo.InvariantCulture, $"{lastSeq + 1}-{seq - 1}"));
                    }
                }

                lastSeq = seq;
            }

            if (firstTimestamp == 0)
            {
                firstTimestamp = intervalStart = now;
                measureFrom = now + (long)(_warmup.TotalSeconds * Stopwatch.Frequency);
                nextRoll = now + intervalTicks;
                firstUtc = DateTime.UtcNow;
            }
            else if (now >= nextRoll)
            {
                Roll(now);
            }

            // Warm-up ticks are counted (loss, throughput) but their latency, JIT and first connects included, is not.
            if (now >= measureFrom)
            {
                if (measured == 0)
                {
                    // CPU is measured from the end of the warm-up, like the publisher's.
                    process.Refresh();
                    cpuAtFirst = process.TotalProcessorTime;
                    measureStart = now;
                }

                current.RecordValue(Math.Clamp(receiveNs - ingestNs, 1, LatencyFiles.HighestTrackableNs));
                measured++;
            }

            received++;
            intervalReceived++;
            lastTimestamp = now;
            var target = Volatile.Read(ref _target);
            if (target >= 0 && received >= target)
            {
                break;
            }
        }

        msg.Close();
        var end = Stopwatch.GetTimestamp();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuAtFirst;
        if (firstTimestamp != 0)
        {
            Roll(end);
        }

        // Coordinated omission corrected after receiving, interval by interval (see CoordinatedOmission).
        var correctedIntervals = new List<HistogramBase>(intervals.Count);
        var points = new List<IntervalPoint>(intervals.Count);
        for (var i = 0; i < intervals.Count; i++)
        {
            var fixedInterval = CoordinatedOmission.Correct(intervals[i], _expectedIntervalNs);
            correctedIntervals.Add(fixedInterval);
            corrected.Add(fixedInterval);
            var summary = LatencySummary.From(fixedInterval);
            var (startSeconds, lengthSeconds, count) = intervalBounds[i];
            points.Add(new IntervalPoint(startSeconds, lengthSeconds, count, summary.P50Us, summary.P99Us, summary.MaxUs));
        }

        var active = measureStart == 0 ? 0 : (double)(end - measureStart) / Stopwatch.Frequency;
        var hgrm = _name + ".hgrm";
        var rawHgrm = _name + ".uncorrected.hgrm";
        var hlog = _name + ".hlog";
        LatencyFiles.WritePercentiles(System.IO.Path.Combine(_outDir, hgrm), corrected);
        LatencyFiles.WritePercentiles(System.IO.Path.Combine(_outDir, rawHgrm), uncorrected);
        LatencyFiles.WriteIntervalLog(System.IO.Path.Combine(_outDir, hlog), firstUtc, correctedIntervals);
        var result = new SubscriberResult
        {
            Name = _name,
            Path = PathName(_path),
            ExpectedIntervalNs = _expectedIntervalNs,
            SpinLimitZero = Environment.GetEnvironmentVariable("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit") == "0",
            Received = received,
            Measured = measured,
            Skipped = skipped,
            Expected = Math.Max(-1, Volatile.Read(ref _target)),
            ActiveSeconds = Math.Round(active, 4),
            FirstToLastSeconds = firstTimestamp == 0 ? 0 : Math.Round((double)(lastTimestamp - firstTimestamp) / Stopwatch.Frequency, 4),
            CpuSeconds = Math.Round(cpu.TotalSeconds, 4),
            Cores = active > 0 ? Math.Round(cpu.TotalSeconds / active, 3) : 0,
            Latency = LatencySummary.From(corrected),
            LatencyUncorrected = LatencySummary.From(uncorrected),
            HgrmFile = hgrm,
            UncorrectedHgrmFile = rawHgrm,
            HlogFile = hlog,
            Intervals = points,
            Gaps = gaps,
            MissingInGaps = missing,
            LargestGap = largestGap,
            Duplicates = duplicates,
            GapRanges = gapRanges,
        };
        File.WriteAllText(System.IO.Path.Combine(_outDir, _name + ".json"), JsonSerializer.Serialize(result, RunJson.Options), LatencyFiles.Utf8);
        Console.Out.WriteLine($"done {received}");
        Console.Out.Flush();
    }

    private bool ShouldStop(long received, long now, long lastMessage)
    {
        var target = Volatile.Read(ref _target);
        if (target == long.MinValue)
        {
            return false;
        }

        if (target >= 0 && received >= target)
        {
            return true;
        }

        // Ticks lost on the way never come: stop once the stream has been quiet for a while after the stop.
        var stoppedFor = (double)(now - Volatile.Read(ref _stopTimestamp)) / Stopwatch.Frequency;
        var quietFor = (double)(now - lastMessage) / Stopwatch.Frequency;
        return (quietFor >= IdleAfterStop.TotalSeconds && stoppedFor >= IdleAfterStop.TotalSeconds) || stoppedFor >= MaxDrainAfterStop.TotalSeconds;
    }

    private bool TryReadIngestTime(ReadOnlySpan<byte> message, out long ingestNs, out ulong streamSeq)
    {
        ingestNs = 0;
        streamSeq = 0;
        switch (_path)
        {
            case PublisherPath.RawTwoFrame:
                if (message.Length < IngestTimeFrameOffset + 8)
                {
                    return false;
                }

                ingestNs = BinaryPrimitives.ReadInt64LittleEndian(message[IngestTimeFrameOffset..]);
                streamSeq = BinaryPrimitives.ReadUInt64LittleEndian(message[StreamSeqFrameOffset..]);
                return true;
            case PublisherPath.RawOneFrame:
                if (!Topic.TrySplit(message, out _, out var rawFrame) || rawFrame.Length < IngestTimeFrameOffset + 8)
                {
                    return false;
                }

                ingestNs = BinaryPrimitives.ReadInt64LittleEndian(rawFrame[IngestTimeFrameOffset..]);
                streamSeq = BinaryPrimitives.ReadUInt64LittleEndian(rawFrame[StreamSeqFrameOffset..]);
                return true;
            default:
                if (!Topic.TrySplit(message, out var topic, out var frame))
                {
                    return false;
                }

                // A real subscriber decodes the frame it receives: that cost belongs in TickStream's figure.
                if (topic[0] == (byte)'T' && TradeDecoder.TryWrap(frame, out var trade, out _))
                {
                    ingestNs = (long)trade.IngestTime;
                    streamSeq = trade.StreamSeq;
                    return true;
                }

                if (topic[0] == (byte)'Q' && QuoteDecoder.TryWrap(frame, out var quote, out _))
                {
                    ingestNs = (long)quote.IngestTime;
                    streamSeq = quote.StreamSeq;
                    return true;
                }

                return false;
        }
    }

    private void ReadControl()
    {
        while (true)
        {
            string? line;
            try
            {
                line = Console.In.ReadLine();
            }
            catch (IOException)
            {
                line = null;
            }

            if (line is null)
            {
                Stop(-1);
                return;
            }

            if (line.StartsWith("stop", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                Stop(parts.Length > 1 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1);
                return;
            }
        }
    }

    private void Stop(long target)
    {
        Volatile.Write(ref _stopTimestamp, Stopwatch.GetTimestamp());
        Interlocked.CompareExchange(ref _target, target, long.MinValue);
    }
}
