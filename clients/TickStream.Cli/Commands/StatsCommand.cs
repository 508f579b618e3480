using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace TickStream.Cli.Commands;

/// <summary><c>tickstream stats</c>: reads a feed handler's or gateway's metrics and health endpoint and prints them.</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var connect = new Option<string>("--connect", "-c")
        {
            Description = "The metrics endpoint of a running verb, e.g. http://127.0.0.1:9464 (its --metrics-port)",
            Required = true,
        };
        var interval = new Option<TimeSpan>("--interval") { Description = "Refresh this often", DefaultValueFactory = _ => TimeSpan.FromSeconds(2) };
        var once = new Option<bool>("--once") { Description = "Print once and exit" };
        var all = new Option<bool>("--all") { Description = "Also show the process and runtime metrics, not only TickStream's" };
        var command = new Command("stats", "Print the counters, gauges and health of a running feed handler or gateway.") { connect, interval, once, all };
        command.SetAction(async (parse, ct) =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            if (!Uri.TryCreate(parse.GetValue(connect), UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            {
                await Console.Error.WriteLineAsync($"tickstream stats: '{parse.GetValue(connect)}' is not an http URL such as http://127.0.0.1:9464").ConfigureAwait(false);
                return 2;
            }

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
                    return 2;
                }

                Render(metrics, health, parse.GetValue(all));
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

    private static void Render(string metrics, string health, bool all)
    {
        var table = new Table().Title($"[bold]{DateTime.Now:HH:mm:ss}[/]").AddColumn("metric").AddColumn("labels").AddColumn(new TableColumn("value").RightAligned());
        foreach (var line in metrics.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#' || (!all && !line.StartsWith("tickstream_", StringComparison.Ordinal)))
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            var series = line[..space];
            var brace = series.IndexOf('{', StringComparison.Ordinal);
            var name = brace < 0 ? series : series[..brace];
            var labels = brace < 0 ? "" : series[(brace + 1)..^1];
            var value = double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? v.ToString(v == Math.Floor(v) ? "N0" : "N3", CultureInfo.InvariantCulture)
                : line[(space + 1)..];
            table.AddRow(Markup.Escape(name), Markup.Escape(labels), value);
        }

        AnsiConsole.Write(table);
        AnsiConsole.WriteLine("health: " + health.ReplaceLineEndings(" ").Replace("  ", "", StringComparison.Ordinal));
    }
}
