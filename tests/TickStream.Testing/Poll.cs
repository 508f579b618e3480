using System.Diagnostics;

namespace TickStream.Testing;

/// <summary>Waiting for a condition by polling with a deadline: the only way tests wait.</summary>
public static class Poll
{
    /// <summary>Polls every 10 ms until the condition holds or the timeout passes.</summary>
    /// <param name="condition">What to wait for.</param>
    /// <param name="timeout">The deadline.</param>
    /// <returns>Whether the condition held.</returns>
    public static bool Until(Func<bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(10);
        }

        return condition();
    }
}
