using System.CommandLine;

namespace TickStream.Cli.Commands;

/// <summary>Every verb of the tickstream program, in the order <c>--help</c> lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return FeedCommand.Create();
    }
}
