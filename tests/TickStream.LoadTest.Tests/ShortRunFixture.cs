namespace TickStream.LoadTest.Tests;

/// <summary>
/// The tests that read the short harness run: one run for all of them, made while nothing else in this assembly
/// runs, since a load run keeps the cores busy and would starve (and be starved by) the other tests.
/// </summary>
[CollectionDefinition(nameof(ShortRunFixture), DisableParallelization = true)]
public sealed class ShortRunAlone : ICollectionFixture<ShortRunFixture>;

/// <summary>One short bounded harness run (2 s at 5k ticks/s, one subscriber, with the raw baseline) shared by the tests.</summary>
public sealed class ShortRunFixture : IDisposable
{
    public ShortRunFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "tickstream-loadtest-" + Guid.NewGuid().ToString("N"));
        var options = new HarnessOptions
        {
            Rates = [5_000],
            Duration = TimeSpan.FromSeconds(2),
            Warmup = TimeSpan.FromMilliseconds(500),
            Subscribers = 1,
            Baseline = true,
            OutDir = Directory,
        };
        Console = new StringWriter();
        Summary = new HarnessRunner(options, Console, maxMode: false).Run("test");
    }

    public string Directory { get; }

    internal RunSummary Summary { get; }

    public StringWriter Console { get; }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
