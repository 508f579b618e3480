using System.Diagnostics;

namespace TickStream.Sources.Tests;

internal static class Wait
{
    /// <summary>Polls a condition until it holds or the deadline passes; returns whether it held.</summary>
    public static bool Until(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return condition();
            }

            Thread.Sleep(10);
        }

        return true;
    }
}
