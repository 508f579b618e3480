using System.Globalization;

namespace TickStream.RingPerf;

/// <summary>Command-line settings of a harness run.</summary>
internal sealed class PerfOptions
{
    public long Events { get; private set; } = 10_000_000;

    public long SlowEvents { get; private set; } = -1;

    public int Reps { get; private set; } = 5;

    public int RingSize { get; private set; } = 65_536;

    public long LatencyEvents { get; private set; } = 50_000;

    public int LatencyReps { get; private set; } = 3;

    public long LatencyWarmup { get; private set; } = 5_000;

    public long Rate { get; private set; } = 50_000;

    public long QuietRate { get; private set; } = 2_000;

    public long QuietEvents { get; private set; } = 5_000;

    public bool Throughput { get; private set; } = true;

    public bool Latency { get; private set; } = true;

    public bool SkipBusySpin { get; private set; }

    public string? Only { get; private set; }

    public static string Usage =>
        """
        TickStream.RingPerf [options]
          --events N          events per throughput run of the ring and ConcurrentQueue (default 10000000)
          --slow-events N     events per run of Channel and BlockingCollection (default events / 5)
          --reps N            timed repetitions per row, median reported (default 5)
          --ring N            ring / channel / collection capacity, a power of two (default 65536)
          --latency-events N  events per latency run (default 50000), the first --latency-warmup not recorded
          --latency-warmup N  (default 5000)
          --latency-reps N    latency runs per row, median of each percentile reported (default 3)
          --rate N            paced publish rate of latency runs, events per second (default 50000)
          --quiet-rate N      second, slow latency pass (processors park between events; default 2000 events/s)
          --quiet-events N    events of the slow pass (default 5000, the first tenth not recorded)
          --quick             events 1000000, reps 3, latency-events 20000, latency-warmup 2000
          --no-throughput / --no-latency   skip a part
          --no-busy-spin      leave the busy-spin strategy out
          --only TEXT         run only throughput rows whose "shape implementation wait" contains TEXT
        """;

    public static PerfOptions Parse(string[] args)
    {
        var options = new PerfOptions();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--events": options.Events = Number(args, ref i); break;
                case "--slow-events": options.SlowEvents = Number(args, ref i); break;
                case "--reps": options.Reps = (int)Number(args, ref i); break;
                case "--ring": options.RingSize = (int)Number(args, ref i); break;
                case "--latency-events": options.LatencyEvents = Number(args, ref i); break;
                case "--latency-warmup": options.LatencyWarmup = Number(args, ref i); break;
                case "--latency-reps": options.LatencyReps = (int)Number(args, ref i); break;
                case "--rate": options.Rate = Number(args, ref i); break;
                case "--quiet-rate": options.QuietRate = Number(args, ref i); break;
                case "--quiet-events": options.QuietEvents = Number(args, ref i); break;
                case "--quick":
                    options.Events = 1_000_000;
                    options.Reps = 3;
                    options.LatencyEvents = 20_000;
                    options.LatencyWarmup = 2_000;
                    options.QuietEvents = 2_000;
                    options.LatencyReps = 1;
                    break;
                case "--no-throughput": options.Throughput = false; break;
                case "--no-latency": options.Latency = false; break;
                case "--no-busy-spin": options.SkipBusySpin = true; break;
                case "--only":
                    options.Only = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"'--only' needs a text\n{Usage}");
                    break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'\n{Usage}");
            }
        }

        if (options.SlowEvents <= 0)
        {
            options.SlowEvents = Math.Max(1, options.Events / 5);
        }

        if (options.Events < 1 || options.Reps < 1 || options.Rate < 1 || options.LatencyReps < 1 || options.LatencyEvents <= options.LatencyWarmup || options.QuietRate < 1 || options.QuietEvents < 10)
        {
            throw new ArgumentException($"events, reps and rate must be positive and latency-events above latency-warmup\n{Usage}");
        }

        return options;
    }

    private static long Number(string[] args, ref int i)
    {
        if (i + 1 >= args.Length || !long.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
        {
            throw new ArgumentException($"'{args[i]}' needs a whole number\n{Usage}");
        }

        i++;
        return value;
    }
}
