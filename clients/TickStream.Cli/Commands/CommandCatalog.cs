using System.CommandLine;

namespace TickStream.Cli.Commands;

/// <summary>Every verb of the tickstream program, in the order <c>--help</c> lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return DemoCommand.Create();
        yield return FeedCommand.Create();
        yield return GatewayCommand.Create();
        yield return WatchCommand.Create();
        yield return SymbolsCommand.Create();
        yield return SnapshotCommand.Create();
        yield return RecordCommand.Create();
        yield return ReplayCommand.Create();
        yield return JournalCommand.Create();
        yield return ReportCommand.Create();
        yield return StatsCommand.Create();
        yield return KeygenCommand.Create();
    }
}
