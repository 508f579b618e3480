using System.CommandLine;
using TickStream.Journal;

namespace TickStream.Cli.Commands;

/// <summary><c>tickstream journal inspect DIR</c>: what a journal holds and whether it is damaged.</summary>
internal static class JournalCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("directory") { Description = "The journal directory" };
        var inspect = new Command("inspect", "Counts per symbol and type, time range, segments, corrupt records, holes (frames not journaled) and torn tail. Exit code 0 clean, 1 problems or holes found, 2 bad input.")
        {
            directory,
        };
        inspect.SetAction((parse, _) =>
        {
            var path = parse.GetValue(directory)!;
            JournalInspection inspection;
            try
            {
                inspection = JournalInspector.Inspect(path);
            }
            catch (Exception e) when (e is JournalException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine("tickstream journal inspect: " + e.Message);
                return Task.FromResult(2);
            }

            Console.Write(inspection.ToText());
            return Task.FromResult(inspection.Problems.Count == 0 && inspection.Holes.Count == 0 ? 0 : 1);
        });
        return new Command("journal", "Work with recorded journals.") { inspect };
    }
}
