using System.Diagnostics;

namespace TickStream.Disruptor.Tests;

/// <summary>Polls a condition until it holds or a deadline passes.</summary>
internal static class Wait
{
    public static bool Until(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            Thread.Sleep(1);
        }

        return true;
    }
}
