using TickStream.Sources;
using System.Globalization;

namespace TickStream.LoadTest;

/// <summary>The knobs of a <c>run</c> or <c>max</c> invocation.</summary>
internal sealed record HarnessOptions
{
    /// <summary>Target rates in ticks per second; 0 means as fast as the source can go.</summary>
    public IReadOnlyList<double> Rates { get; init; } = [10_000];

    /// <summary>How long the source runs in each scenario.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Run time before <see cref="Duration"/> whose latencies are not recorded (ticks still counted).</summary>
    /// <remarks>Three seconds: at 10k ticks/s both paths, raw NetMQ too, ran slow for about two seconds after the
    /// start (the second second's p50 1.5-7 ms, p99 17-30 ms in every run), which dominated a 10-second run's
    /// corrected percentiles when the warm-up was one second (docs/LOAD.md).</remarks>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Subscriber processes per scenario.</summary>
    public int Subscribers { get; init; } = 1;

    /// <summary>The run folder; a fresh time-stamped folder under <c>runs/</c> when not given.</summary>
    public string? OutDir { get; init; }

    /// <summary>Also run the raw NetMQ baseline(s) at every rate.</summary>
    public bool Baseline { get; init; }

    /// <summary>Also run the raw two-frame baseline (the max mode always does).</summary>
    public bool TwoFrameBaseline { get; init; }

    /// <summary>Thread-pool spinning of the subscriber processes.</summary>
    public SpinLimitMode SpinLimit { get; init; } = SpinLimitMode.Default;

    /// <summary>How many times every scenario runs; tables show the median repetition.</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>Ticks per scenario in the max mode (counted delivery at full speed).</summary>
    public long MaxTicks { get; init; } = 2_000_000;

    /// <summary>Send high-water mark of both publishers and receive high-water mark of subscribers, in messages.</summary>
    public int HighWatermark { get; init; } = 1_000_000;

    /// <summary>Seed of the synthetic market.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>The synthetic market's pacing slack (how early a tick may go out), the same for every path.</summary>
    public TimeSpan PacingSlack { get; init; } = new SyntheticMarketOptions().PacingSlack;

    /// <summary>Width of one interval of the interval log.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Parses <c>run</c>/<c>max</c> arguments (after the mode word).</summary>
    /// <returns>False with a message saying which argument is wrong and why.</returns>
    public static bool TryParse(IReadOnlyList<string> args, out HarnessOptions options, out string error)
    {
        options = new HarnessOptions();
        error = "";
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value()
            {
                if (i + 1 >= args.Count)
                {
                    throw new FormatException($"{name} needs a value");
                }

                return args[++i];
            }

            try
            {
                switch (name)
                {
                    case "--rate":
                        options = options with { Rates = ParseRates(Value()) };
                        break;
                    case "--duration":
                        options = options with { Duration = ParseDuration(Value()) };
                        break;
                    case "--warmup":
                        var warmup = Value();
                        options = options with { Warmup = warmup is "0" or "0s" ? TimeSpan.Zero : ParseDuration(warmup) };
                        break;
                    case "--subscribers":
                        options = options with { Subscribers = ParseInt(Value(), 1, 16, name) };
                        break;
                    case "--out":
                        options = options with { OutDir = Value() };
                        break;
                    case "--baseline":
                        options = options with { Baseline = true };
                        break;
                    case "--two-frame":
                        options = options with { TwoFrameBaseline = true };
                        break;
                    case "--spin-limit":
                        var mode = Value();
                        options = options with
                        {
                            SpinLimit = mode switch
                            {
                                "default" => SpinLimitMode.Default,
                                "0" or "zero" => SpinLimitMode.Zero,
                                "both" => SpinLimitMode.Both,
                                _ => throw new FormatException($"--spin-limit '{mode}': use default, 0 or both"),
                            },
                        };
                        break;
                    case "--repeat":
                        options = options with { Repeat = ParseInt(Value(), 1, 20, name) };
                        break;
                    case "--ticks":
                        options = options with { MaxTicks = ParseInt(Value(), 1000, int.MaxValue, name) };
                        break;
                    case "--hwm":
                        options = options with { HighWatermark = ParseInt(Value(), 0, int.MaxValue, name) };
                        break;
                    case "--pacing-slack":
                        var slack = Value();
                        options = options with { PacingSlack = slack is "0" ? TimeSpan.Zero : ParseDuration(slack) };
                        break;
                    case "--seed":
                        options = options with { Seed = ulong.Parse(Value(), CultureInfo.InvariantCulture) };
                        break;
                    default:
                        error = $"unknown argument '{name}'";
                        return false;
                }
            }
            catch (FormatException e)
            {
                error = e.Message;
                return false;
            }
            catch (OverflowException e)
            {
                error = $"{name}: {e.Message}";
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses <c>10000</c>, <c>100k</c>, <c>max</c> or a comma-separated list of them.</summary>
    public static IReadOnlyList<double> ParseRates(string text)
    {
        var rates = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Equals("max", StringComparison.OrdinalIgnoreCase))
            {
                rates.Add(0);
                continue;
            }

            var scale = part.EndsWith('k') ? 1_000 : part.EndsWith('m') || part.EndsWith('M') ? 1_000_000 : 1;
            var digits = scale == 1 ? part : part[..^1];
            if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ||
                !double.IsFinite(value) || value <= 0)
            {
                throw new FormatException($"--rate '{part}' is not a positive number of ticks per second or 'max'");
            }

            rates.Add(value * scale);
        }

        return rates.Count > 0 ? rates : throw new FormatException("--rate needs at least one rate");
    }

    /// <summary>Parses <c>10s</c>, <c>500ms</c>, <c>2m</c> or <c>00:00:10</c>.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        TimeSpan value;
        if (text.EndsWith("ms", StringComparison.Ordinal) && double.TryParse(text[..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
        {
            value = TimeSpan.FromMilliseconds(ms);
        }
        else if (text.EndsWith("us", StringComparison.Ordinal) && double.TryParse(text[..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var us))
        {
            value = TimeSpan.FromMicroseconds(us);
        }
        else if (text.EndsWith('s') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
        {
            value = TimeSpan.FromSeconds(s);
        }
        else if (text.EndsWith('m') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var m))
        {
            value = TimeSpan.FromMinutes(m);
        }
        else if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value))
        {
            throw new FormatException($"--duration '{text}' is not a duration: use 10s, 500ms, 100us, 2m or 00:00:10");
        }

        return value > TimeSpan.Zero && value <= TimeSpan.FromHours(1)
            ? value
            : throw new FormatException($"--duration '{text}' must be above 0 and at most an hour");
    }

    private static int ParseInt(string text, int min, int max, string name) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"{name} '{text}' must be a whole number from {min} to {max}");
}
