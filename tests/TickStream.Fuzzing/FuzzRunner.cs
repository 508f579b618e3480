using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;

namespace TickStream.Fuzzing;

/// <summary>
/// Runs a fuzz property with FsCheck: every case is bounded in time (a case that uses more processor time than the
/// case budget, or a run that uses more than the run budget, is a finding: loops that do not end show up as one;
/// so is a case still not done after <see cref="StuckFactor"/> case budgets of wall time, a case blocked without
/// using the processor), and any exception escaping the check is a finding.
/// </summary>
/// <remarks>
/// The budgets are processor time of the process, not wall time: on a busy machine a case waits for a core as long
/// as the machine decides, which says nothing about the code, while the work a case does (and a loop that does
/// not end) costs the same processor time whatever else runs.
/// </remarks>
public static class FuzzRunner
{
    /// <summary>A case still running after this many case budgets of wall time is stuck.</summary>
    public const int StuckFactor = 30;

    /// <summary>Runs <paramref name="cases"/> cases of <paramref name="check"/> over <paramref name="gen"/>.</summary>
    /// <typeparam name="T">The case type.</typeparam>
    /// <param name="target">Name for the report.</param>
    /// <param name="gen">The case generator.</param>
    /// <param name="check">Throws <see cref="FuzzFindingException"/> (or anything) when a guarantee breaks.</param>
    /// <param name="cases">How many cases.</param>
    /// <param name="caseBudget">Most processor time one case may use.</param>
    /// <param name="runBudget">Most processor time the whole run may use.</param>
    public static FuzzReport Run<T>(string target, Gen<T> gen, Action<T> check, int cases, TimeSpan caseBudget, TimeSpan runBudget)
    {
        ArgumentNullException.ThrowIfNull(check);
        long run = 0;
        var clock = Stopwatch.StartNew();
        var runStart = Environment.CpuUsage.TotalTime;
        var property = Prop.ForAll(Arb.From(gen), (T input) =>
        {
            run++;
            var start = Stopwatch.GetTimestamp();
            var cpuStart = Environment.CpuUsage.TotalTime;
            try
            {
                check(input);
            }
            catch (FuzzFindingException)
            {
                throw;
            }
            catch (Exception e)
            {
                throw new FuzzFindingException($"{e.GetType().Name} escaped: {e.Message}", e);
            }

            var took = Stopwatch.GetElapsedTime(start);
            var cpu = Environment.CpuUsage.TotalTime;
            if (cpu - cpuStart > caseBudget)
            {
                throw new FuzzFindingException($"one case used {(cpu - cpuStart).TotalMilliseconds:F0} ms of processor time (budget {caseBudget.TotalMilliseconds:F0} ms)");
            }

            if (took > caseBudget * StuckFactor)
            {
                throw new FuzzFindingException($"one case took {took.TotalSeconds:F0} s (stuck after {(caseBudget * StuckFactor).TotalSeconds:F0} s)");
            }

            if (cpu - runStart > runBudget)
            {
                throw new FuzzFindingException($"the run exceeded its budget of {runBudget.TotalSeconds:F0} s of processor time after {run} cases");
            }
        });
        try
        {
            Check.One(Config.QuickThrowOnFailure.WithMaxTest(cases).WithQuietOnSuccess(true), property);
            return new FuzzReport(target, run, clock.Elapsed, null);
        }
        catch (Exception e)
        {
            return new FuzzReport(target, run, clock.Elapsed, e.Message);
        }
    }
}
