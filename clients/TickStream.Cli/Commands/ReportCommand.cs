using System.CommandLine;
using TickStream.Cli.Reports;

namespace TickStream.Cli.Commands;

/// <summary><c>tickstream report</c>: an HTML page and PNG charts from one or more load-test run folders.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("runs")
        {
            Description = "Run folders written by the load harness (perf/TickStream.LoadTest run|max), or folders of .hgrm/.hlog files",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out", "-o") { Description = "Where to write index.html and the charts (default: report/ inside the first run folder)" };
        var command = new Command("report", "Render latency percentile distributions, latency over time and throughput over time of load-test runs, several runs on one chart.")
        {
            runs, output,
        };
        command.SetAction(parse =>
        {
            var folders = parse.GetValue(runs) ?? [];
            var outDir = parse.GetValue(output) ?? Path.Combine(folders.Length > 0 ? folders[0] : ".", "report");
            return ReportBuilder.Build(folders, outDir, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }
}
