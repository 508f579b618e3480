using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using TickStream.Cli.Hosting;

namespace TickStream.Cli.Commands;

/// <summary>
/// <c>tickstream stats</c>: reads a feed handler's or gateway's metrics and health endpoint and prints them, with the
/// rate per second of every counter since the previous refresh. On a terminal the table is redrawn in place; piped,
/// each refresh is plain lines; with <c>--json</c>, one JSON object per refresh.
/// </summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var connect = new Option<string>("--connect", "-c")
        {
            Description = "The metrics endpoint of a running verb, e.g. http://127.0.0.1:9464 (its --metrics-port)",
            Required = true,
        };
        var interval = CliDuration.Option("--interval", "Refresh this often", TimeSpan.FromSeconds(2));
        var once = new Option<bool>("--once") { Description = "Print once and exit" };
        var all = new Option<bool>("--all") { Description = "Also show the process and runtime metrics and histogram buckets, not only TickStream's" };
        var json = new Option<bool>("--json") { Description = "One JSON object per refresh (time, health, and every series with its type, value and rate per second), one per line" };
        var command = new Command("stats", "Print the counters (with their rates per second), gauges and health of a running feed handler or gateway; redraws in place on a terminal.") { connect, interval, once, all, json };
        command.SetAction(async (parse, ct) =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            if (!Uri.TryCreate(parse.GetValue(connect), UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            {
                await Console.Error.WriteLineAsync($"tickstream stats: '{parse.GetValue(connect)}' is not an http URL such as http://127.0.0.1:9464").ConfigureAwait(false);
                return 2;
            }

            var inPlace = !parse.GetValue(json) && !Console.IsOutputRedirected;
            Dictionary<string, double>? previous = null;
            var previousAt = 0L;
            do
            {
                string metrics;
                string health;
                try
                {
                    metrics = await http.GetStringAsync(new Uri(baseUri, "/metrics"), ct).ConfigureAwait(false);
                    using var response = await http.GetAsync(new Uri(baseUri, "/health"), ct).ConfigureAwait(false);
                    health = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return 0;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    await Console.Error.WriteLineAsync($"tickstream stats: cannot read {baseUri}: {e.Message} (is a feed or gateway running with --metrics-port?)").ConfigureAwait(false);
                    return previous is null ? 2 : 1;
                }

                var now = System.Diagnostics.Stopwatch.GetTimestamp();
                var samples = Parse(metrics, parse.GetValue(all));
                if (previous is not null)
                {
                    AddRates(samples, previous, System.Diagnostics.Stopwatch.GetElapsedTime(previousAt, now));
                }

                previous = Values(samples);
                previousAt = now;
                if (parse.GetValue(json))
                {
                    Console.Out.WriteLine(ToJson(samples, health, DateTimeOffset.UtcNow));
                }
                else if (inPlace)
                {
                    // Home the cursor and clear the screen: the table is redrawn where it was.
                    AnsiConsole.Clear();
                    RenderTable(samples, health);
                }
                else
                {
                    Console.Out.Write(ToPlain(samples, health, DateTimeOffset.Now));
                }

                if (parse.GetValue(once))
                {
                    return 0;
                }

                try
                {
                    await Task.Delay(parse.GetValue(interval), ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return 0;
                }
            }
            while (true);
        });
        return command;
    }

    /// <summary>The series of a Prometheus text page: TickStream's only unless <paramref name="all"/>.</summary>
    internal static List<Sample> Parse(string page, bool all)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<Sample>();
        foreach (var line in page.Split('\n'))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                if (parts.Length == 4)
                {
                    types[parts[2]] = parts[3];
                }

                continue;
            }

            if (line.Length == 0 || line[0] == '#' || (!all && !line.StartsWith("tickstream_", StringComparison.Ordinal)))
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            if (space <= 0 || !double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            var series = line[..space];
            var brace = series.IndexOf('{', StringComparison.Ordinal);
            var name = brace < 0 ? series : series[..brace];
            if (!all && name.EndsWith("_bucket", StringComparison.Ordinal))
            {
                continue;
            }

            var labels = brace < 0 ? "" : series[(brace + 1)..^1];
            var type = types.GetValueOrDefault(name) ?? TypeOfHistogramPart(name, types);
            samples.Add(new Sample(name, labels, type, value));
        }

        return samples;
    }

    /// <summary>Rate per second of every counter (and histogram count and sum) against the previous refresh.</summary>
    internal static void AddRates(List<Sample> samples, Dictionary<string, double> previous, TimeSpan elapsed)
    {
        if (elapsed <= TimeSpan.Zero)
        {
            return;
        }

        for (var i = 0; i < samples.Count; i++)
        {
            var s = samples[i];
            if (s.Type is "counter" or "histogram" && previous.TryGetValue(s.Key, out var before) && s.Value >= before)
            {
                samples[i] = s with { RatePerSecond = (s.Value - before) / elapsed.TotalSeconds };
            }
        }
    }

    internal static Dictionary<string, double> Values(List<Sample> samples)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var s in samples)
        {
            values[s.Key] = s.Value;
        }

        return values;
    }

    internal static string ToJson(List<Sample> samples, string health, DateTimeOffset time)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("time", time);
            writer.WritePropertyName("health");
            try
            {
                using var document = JsonDocument.Parse(health);
                document.RootElement.WriteTo(writer);
            }
            catch (JsonException)
            {
                writer.WriteStringValue(health);
            }

            writer.WriteStartArray("metrics");
            foreach (var s in samples)
            {
                writer.WriteStartObject();
                writer.WriteString("name", s.Name);
                writer.WriteString("labels", s.Labels);
                writer.WriteString("type", s.Type);
                writer.WriteNumber("value", s.Value);
                if (s.RatePerSecond is { } rate)
                {
                    writer.WriteNumber("ratePerSecond", Math.Round(rate, 3));
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static string ToPlain(List<Sample> samples, string health, DateTimeOffset time)
    {
        var text = new StringBuilder();
        var stamp = time.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        foreach (var s in samples)
        {
            text.Append(stamp).Append(' ').Append(s.Name);
            if (s.Labels.Length > 0)
            {
                text.Append('{').Append(s.Labels).Append('}');
            }

            text.Append(' ').Append(Format(s.Value));
            if (s.RatePerSecond is { } rate)
            {
                text.Append(CultureInfo.InvariantCulture, $" ({rate:0.##}/s)");
            }

            text.Append('\n');
        }

        text.Append(stamp).Append(" health ").Append(OneLine(health)).Append('\n');
        return text.ToString();
    }

    private static void RenderTable(List<Sample> samples, string health)
    {
        var table = new Table().Title($"[bold]{DateTime.Now:HH:mm:ss}[/]").AddColumn("metric").AddColumn("labels")
            .AddColumn(new TableColumn("value").RightAligned()).AddColumn(new TableColumn("per second").RightAligned());
        foreach (var s in samples)
        {
            table.AddRow(Markup.Escape(s.Name), Markup.Escape(s.Labels), Format(s.Value),
                s.RatePerSecond is { } rate ? rate.ToString("N1", CultureInfo.InvariantCulture) : "");
        }

        AnsiConsole.Write(table);
        AnsiConsole.WriteLine("health: " + OneLine(health));
    }

    private static string OneLine(string health) => health.ReplaceLineEndings(" ").Replace("  ", "", StringComparison.Ordinal);

    private static string Format(double v) => v.ToString(v == Math.Floor(v) && Math.Abs(v) < 1e15 ? "N0" : "N3", CultureInfo.InvariantCulture);

    private static string TypeOfHistogramPart(string name, Dictionary<string, string> types)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["_bucket", "_count", "_sum"])
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(name[..^suffix.Length], out var type))
            {
                return type;
            }
        }

        return "untyped";
    }

    /// <summary>One series of a scrape.</summary>
    internal sealed record Sample(string Name, string Labels, string Type, double Value)
    {
        public double? RatePerSecond { get; init; }

        public string Key => Name + "{" + Labels + "}";
    }
}
