using System.CommandLine;
using TickStream.Cli.Commands;
using TickStream.Cli.Reports;

namespace TickStream.LoadTest.Tests;

[Collection(nameof(ShortRunFixture))]
public sealed class ReportTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly ShortRunFixture _run;
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "tickstream-report-" + Guid.NewGuid().ToString("N"));

    public ReportTests(ShortRunFixture run)
    {
        _run = run;
        Directory.CreateDirectory(_scratch);
    }

    [Fact]
    public void Report_RunFolder_WritesHtmlAndEveryChart()
    {
        var outDir = Path.Combine(_scratch, "report");
        var (code, output, error) = Build([_run.Directory], outDir);

        Assert.True(code == 0, error);
        var html = File.ReadAllText(Path.Combine(outDir, "index.html"));
        string[] charts = ["percentiles-5000-ticks-s.png", "percentiles-uncorrected-5000-ticks-s.png", "latency-over-time-5000-ticks-s.png", "throughput-over-time-5000-ticks-s.png"];
        foreach (var chart in charts)
        {
            var bytes = File.ReadAllBytes(Path.Combine(outDir, chart));
            Assert.Equal(PngSignature, bytes[..8]);
            Assert.True(bytes.Length > 10_000, $"{chart}: {bytes.Length} bytes");
            Assert.Contains($"src=\"{chart}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("tickstream-5000-r1", html, StringComparison.Ordinal);
        Assert.Contains("4 chart(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_RunFolder_ShowsResultsAsHtmlTablesWithTheMachineAndCommand()
    {
        var outDir = Path.Combine(_scratch, "tables");
        var (code, _, error) = Build([_run.Directory], outDir);

        Assert.True(code == 0, error);
        var html = File.ReadAllText(Path.Combine(outDir, "index.html"));
        Assert.DoesNotContain("<pre>", html, StringComparison.Ordinal);
        Assert.Contains(">p99</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td>tickstream</td>", html, StringComparison.Ordinal);
        Assert.Contains("<th>command</th>", html, StringComparison.Ordinal);
        Assert.Contains("<th>processors</th><td><code>" + Environment.ProcessorCount + "</code>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_MarkdownWithRawHtml_ShowsItAsText()
    {
        var copy = Path.Combine(_scratch, "html-in-markdown");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(_run.Directory))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        File.AppendAllText(Path.Combine(copy, "summary.md"), "\n<script>alert(1)</script>\n");
        var outDir = Path.Combine(_scratch, "html-in-markdown-out");
        var (code, _, error) = Build([copy], outDir);

        Assert.True(code == 0, error);
        var html = File.ReadAllText(Path.Combine(outDir, "index.html"));
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_SameRunTwice_PutsBothOnOneChart()
    {
        var copy = Path.Combine(_scratch, "second-run");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(_run.Directory))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var outDir = Path.Combine(_scratch, "compare");
        var (code, _, error) = Build([_run.Directory, copy], outDir);

        Assert.True(code == 0, error);
        Assert.Equal(4, Directory.GetFiles(outDir, "*.png").Length);
        var html = File.ReadAllText(Path.Combine(outDir, "index.html"));
        Assert.Contains("Run second-run", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_MissingFolder_SaysSoWithoutAStackTrace()
    {
        var missing = Path.Combine(_scratch, "no-such-run");
        var (code, _, error) = Build([missing], Path.Combine(_scratch, "out"));

        Assert.Equal(1, code);
        Assert.Contains("no such run folder", error, StringComparison.Ordinal);
        Assert.Contains(missing, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_FolderWithoutHistograms_SaysNoHistogramFiles()
    {
        var empty = Path.Combine(_scratch, "empty");
        Directory.CreateDirectory(empty);
        File.WriteAllText(Path.Combine(empty, "notes.txt"), "nothing here");

        var (code, _, error) = Build([empty], Path.Combine(_scratch, "out"));

        Assert.Equal(1, code);
        Assert.Contains("no histogram files", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_CorruptSummaryJson_SaysWhereTheJsonBreaks()
    {
        var corrupt = Path.Combine(_scratch, "corrupt");
        Directory.CreateDirectory(corrupt);
        File.WriteAllText(Path.Combine(corrupt, "summary.json"), "{\n  \"scenarios\": [ {\"name\": \"x\",, } ]\n}");

        var (code, _, error) = Build([corrupt], Path.Combine(_scratch, "out"));

        Assert.Equal(1, code);
        Assert.Contains("summary.json: not valid JSON (line 2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_SummaryNamingAMissingHistogram_NamesTheFile()
    {
        var partial = Path.Combine(_scratch, "partial");
        Directory.CreateDirectory(partial);
        File.Copy(Path.Combine(_run.Directory, "summary.json"), Path.Combine(partial, "summary.json"));

        var (code, _, error) = Build([partial], Path.Combine(_scratch, "out"));

        Assert.Equal(1, code);
        Assert.Contains("tickstream-5000-r1.hgrm: histogram file not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_Utf16PercentileFile_IsRefusedWithAReason()
    {
        var utf16 = Path.Combine(_scratch, "utf16");
        Directory.CreateDirectory(utf16);
        var text = File.ReadAllText(Path.Combine(_run.Directory, _run.Summary.Scenarios[0].HgrmFile));
        File.WriteAllText(Path.Combine(utf16, "latency.hgrm"), text, new System.Text.UnicodeEncoding(bigEndian: true, byteOrderMark: false));

        var (code, _, error) = Build([utf16], Path.Combine(_scratch, "out"));

        Assert.Equal(1, code);
        Assert.Contains("NUL bytes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_FolderOfPlainHgrmFiles_PlotsThem()
    {
        var plain = Path.Combine(_scratch, "plain");
        Directory.CreateDirectory(plain);
        var scenario = _run.Summary.Scenarios[0];
        File.Copy(Path.Combine(_run.Directory, scenario.HgrmFile), Path.Combine(plain, "a.hgrm"));
        File.Copy(Path.Combine(_run.Directory, scenario.SubscriberResults[0].UncorrectedHgrmFile), Path.Combine(plain, "a.uncorrected.hgrm"));

        var (code, output, error) = Build([plain], Path.Combine(_scratch, "plain-out"));

        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(_scratch, "plain-out", "percentiles-all.png")));
        Assert.True(File.Exists(Path.Combine(_scratch, "plain-out", "percentiles-uncorrected-all.png")));
        Assert.Contains("2 chart(s)", output, StringComparison.Ordinal); // the uncorrected file is a's, not a scenario of its own
    }

    [Fact]
    public void Report_OnAPlatformThePackageServes_CanDraw()
    {
        Assert.True(ReportCharts.CanDraw(out var why), why);
    }

    [Fact]
    public void ReportVerb_RunFolderAndOut_WritesTheReport()
    {
        var outDir = Path.Combine(_scratch, "verb");
        var (code, output, error) = InvokeVerb(["report", _run.Directory, "--out", outDir]);

        Assert.True(code == 0, error);
        Assert.Contains("index.html", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outDir, "index.html")));
    }

    [Fact]
    public void ReportVerb_MissingFolder_ExitsOneWithTheMessage()
    {
        var missing = Path.Combine(_scratch, "absent");
        var (code, _, error) = InvokeVerb(["report", missing]);

        Assert.Equal(1, code);
        Assert.Contains($"report: {missing}: no such run folder", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static (int Code, string Output, string Error) InvokeVerb(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = new RootCommand { ReportCommand.Create() };
        var code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private static (int Code, string Output, string Error) Build(string[] runs, string outDir)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = ReportBuilder.Build(runs, outDir, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
