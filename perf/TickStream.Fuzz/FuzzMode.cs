using System.Globalization;
using TickStream.Fuzzing;

namespace TickStream.Fuzz;

/// <summary>Runs the fuzz properties with many cases each and prints cases/s and findings.</summary>
internal static class FuzzMode
{
    public static int Run(int cases, string target)
    {
        var caseBudget = TimeSpan.FromSeconds(5);
        var runBudget = TimeSpan.FromHours(2);
        var reports = new List<FuzzReport>();
        bool Wants(string name) => target is "all" || target == name;
        if (Wants("sbe"))
        {
            reports.Add(Print(FuzzRunner.Run("sbe", SbeFuzz.Cases, SbeFuzz.Check, cases, caseBudget, runBudget)));
        }

        if (Wants("topic"))
        {
            reports.Add(Print(FuzzRunner.Run("topic", TopicFuzz.Cases, TopicFuzz.Check, cases, caseBudget, runBudget)));
        }

        if (Wants("client"))
        {
            using var client = new ClientFuzz();
            reports.Add(Print(FuzzRunner.Run("client", ClientFuzz.Cases, client.Check, cases, caseBudget, runBudget)));
        }

        if (Wants("request"))
        {
            using var requests = new RequestFuzz();
            reports.Add(Print(FuzzRunner.Run("request", RequestFuzz.Cases, requests.Check, cases, caseBudget, runBudget)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"request: {requests.Requests:N0} requests handled, {requests.ErrorReplies:N0} answered with ERROR, {requests.ValidCases:N0} valid ones answered END, {requests.DataFrames:N0} data frames checked, {requests.UpstreamSubscriptions:N0} upstream subscriptions forwarded"));
        }

        if (Wants("csv"))
        {
            reports.Add(Print(FuzzRunner.Run("csv", CsvFuzz.Cases, CsvFuzz.Check, cases, caseBudget, runBudget)));
        }

        if (Wants("itch"))
        {
            reports.Add(Print(FuzzRunner.Run("itch", ItchFuzz.Cases, ItchFuzz.Check, cases, caseBudget, runBudget)));
        }

        if (Wants("journal"))
        {
            using var journal = new JournalFuzz();
            reports.Add(Print(FuzzRunner.Run("journal", journal.Cases, journal.Check, cases, caseBudget, runBudget)));
        }

        if (reports.Count == 0)
        {
            Console.Error.WriteLine($"unknown target '{target}': sbe, topic, client, request, csv, itch, journal or all");
            return 2;
        }

        Console.WriteLine();
        Console.WriteLine("| target | cases | seconds | cases/s | findings |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var r in reports)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Target} | {r.Cases:N0} | {r.Elapsed.TotalSeconds:F1} | {r.CasesPerSecond:N0} | {(r.Finding is null ? "none" : "1 (above)")} |"));
        }

        return reports.TrueForAll(static r => r.Finding is null) ? 0 : 1;
    }

    private static FuzzReport Print(FuzzReport report)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Target}: {report.Cases:N0} cases in {report.Elapsed.TotalSeconds:F1} s ({report.CasesPerSecond:N0} cases/s), {(report.Finding is null ? "no finding" : "FINDING:")}"));
        if (report.Finding is not null)
        {
            Console.WriteLine(report.Finding);
        }

        return report;
    }
}
