using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;

namespace TickStream.Reliability;

/// <summary>
/// Runs a fuzz property with FsCheck: every case is bounded in time (a case slower than the case budget, or a run
/// longer than the run budget, is a finding: loops that do not end show up as one), and any exception escaping
/// the check is a finding.
/// </summary>
public static class FuzzRunner
{
    /// <summary>Runs <paramref name="cases"/> cases of <paramref name="check"/> over <paramref name="gen"/>.</summary>
    /// <typeparam name="T">The case type.</typeparam>
    /// <param name="target">Name for the report.</param>
    /// <param name="gen">The case generator.</param>
    /// <param name="check">Throws <see cref="FuzzFindingException"/> (or anything) when a guarantee breaks.</param>
    /// <param name="cases">How many cases.</param>
    /// <param name="caseBudget">Longest one case may take.</param>
    /// <param name="runBudget">Longest the whole run may take.</param>
    public static FuzzReport Run<T>(string target, Gen<T> gen, Action<T> check, int cases, TimeSpan caseBudget, TimeSpan runBudget)
    {
        ArgumentNullException.ThrowIfNull(check);
        long run = 0;
        var clock = Stopwatch.StartNew();
        var property = Prop.ForAll(Arb.From(gen), (T input) =>
        {
            run++;
            var start = Stopwatch.GetTimestamp();
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
            if (took > caseBudget)
            {
                throw new FuzzFindingException($"one case took {took.TotalMilliseconds:F0} ms (budget {caseBudget.TotalMilliseconds:F0} ms)");
            }

            if (clock.Elapsed > runBudget)
            {
                throw new FuzzFindingException($"the run exceeded its budget of {runBudget.TotalSeconds:F0} s after {run} cases");
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
