using System.Diagnostics;
using TickStream.Journal;
using TickStream.Sources;

namespace TickStream.FeedHandler.Tests;

/// <summary>A feed handler journaling onto a disk that fills up: it keeps publishing, counts, logs a few lines, stops cleanly.</summary>
public sealed class DiskFullFeedTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Journal_OnATinyTmpfs_FillsUp_TheFeedPublishesEverythingAndLogsAFewLines()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Assert.Skip("mounting a 1 MiB tmpfs needs root on Linux (the fault-injection tests in TickStream.Journal.Tests cover the logic without it)");
        }

        using var files = new TempDirectory();
        var mount = files.PathOf("tiny");
        Directory.CreateDirectory(mount);
        Run("mount", $"-t tmpfs -o size=1m tmpfs {mount}");
        try
        {
            var registry = new InstrumentRegistry();
            var market = new SyntheticMarketOptions { Seed = 3, TicksPerSecond = 0, MaxTicks = 60_000, Symbols = ["AAPL", "MSFT", "SPY"] };
            var options = FeedEngineTests.LoopbackOptions();
            options.JournalDirectory = Path.Combine(mount, "journal");
            var logger = new ListLogger();
            using var engine = new FeedEngine(options, [new SyntheticMarket(market, registry)], registry, logger);
            engine.Start();
            await engine.SourcesCompleted.WaitAsync(Deadline, TestContext.Current.CancellationToken);
            Assert.True(engine.Stop());

            // 60 000 frames of about 120 bytes cannot fit in 1 MiB: some were not journaled, all were published.
            Assert.Equal(60_000, engine.Counters.TicksIn);
            Assert.True(engine.Counters.Published >= 60_000);
            Assert.True(engine.Counters.NotJournaled > 0, engine.Counters.ToString());
            var journalLines = logger.Lines.FindAll(l => l.Contains("journal '", StringComparison.Ordinal));
            Assert.InRange(journalLines.Count, 1, 10);
            Assert.Contains("No space left on device", journalLines[0], StringComparison.Ordinal);
            Assert.DoesNotContain(logger.Lines, l => l.Contains("   at ", StringComparison.Ordinal));

            // What was journaled reads back cleanly.
            var inspection = JournalInspector.Inspect(options.JournalDirectory);
            Assert.True(inspection.IsHealthy, inspection.ToText());
            Assert.InRange(inspection.Records + engine.Counters.NotJournaled, 60_000, engine.Counters.Published);
        }
        finally
        {
            Run("umount", mount);
        }
    }

    private static void Run(string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
        Assert.True(process.WaitForExit(10_000), $"{program} {arguments} did not end");
        Assert.True(process.ExitCode == 0, $"{program} {arguments}: {process.StandardError.ReadToEnd()}");
    }
}
