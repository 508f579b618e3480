using System.Diagnostics;

namespace TickStream.Client.Tests;

internal static class Wait
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Polls until the condition holds, doing <paramref name="each"/> between polls; fails at the deadline.</summary>
    public static void Until(Func<bool> condition, Action? each = null, TimeSpan? deadline = null, string? what = null)
    {
        var limit = deadline ?? Deadline;
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"timed out after {limit.TotalSeconds:0.#} s waiting for {what ?? "the condition"}");
            }

            each?.Invoke();
            Thread.Sleep(10);
        }
    }
}
