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

    /// <summary>How long <see cref="Require"/> waits unless told otherwise.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Polls every 10 ms until the condition holds, doing <paramref name="each"/> between polls; throws, failing the
    /// test, at the deadline.
    /// </summary>
    /// <param name="condition">What to wait for.</param>
    /// <param name="each">Work between polls (pumping a socket), if any.</param>
    /// <param name="deadline">How long to wait; <see cref="DefaultDeadline"/> when null.</param>
    /// <param name="what">What the failure message calls the condition.</param>
    /// <exception cref="TimeoutException">The deadline passed.</exception>
    public static void Require(Func<bool> condition, Action? each = null, TimeSpan? deadline = null, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = deadline ?? DefaultDeadline;
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"timed out after {limit.TotalSeconds:0.#} s waiting for {what ?? "the condition"}");
            }

            each?.Invoke();
            Thread.Sleep(10);
        }
    }
}
