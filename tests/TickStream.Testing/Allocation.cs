namespace TickStream.Testing;

/// <summary>Measuring what a hot path allocates on the current thread, for tests that prove it allocates nothing.</summary>
/// <remarks>
/// Each helper runs the same pass up to a few times and keeps the fewest bytes, because an allocation per event
/// shows in every attempt, while the runtime's own one-off work (tiered compilation replacing a method or a loop
/// mid-pass) lands in one attempt only. Each attempt must do the same work, and the caller warms up first.
/// </remarks>
public static class Allocation
{
    /// <summary>How many times a pass is measured unless the caller says otherwise.</summary>
    public const int DefaultAttempts = 5;

    /// <summary>
    /// Runs <paramref name="run"/> up to <paramref name="attempts"/> times, stopping early after one that allocated
    /// nothing, and returns the fewest bytes any attempt allocated on the current thread.
    /// </summary>
    /// <param name="run">One measured pass; each call must do the same work.</param>
    /// <param name="attempts">The most passes to measure, at least 1.</param>
    /// <returns>The fewest bytes allocated on this thread by one pass.</returns>
    public static long FewestBytes(Action run, int attempts = DefaultAttempts)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        var fewest = long.MaxValue;
        for (var attempt = 0; attempt < attempts && fewest != 0; attempt++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            run();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }

    /// <summary>
    /// As <see cref="FewestBytes(Action, int)"/>, with a fresh state made for each attempt by
    /// <paramref name="setup"/> outside the measured span; a state that is <see cref="IDisposable"/> is disposed
    /// after its attempt, also outside it.
    /// </summary>
    /// <typeparam name="TState">What one pass works on (a reader, a source).</typeparam>
    /// <param name="setup">Makes the state for one attempt; not measured.</param>
    /// <param name="run">One measured pass over the state; each call must do the same work.</param>
    /// <param name="attempts">The most passes to measure, at least 1.</param>
    /// <returns>The fewest bytes allocated on this thread by one pass.</returns>
    public static long FewestBytes<TState>(Func<TState> setup, Action<TState> run, int attempts = DefaultAttempts)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        var fewest = long.MaxValue;
        for (var attempt = 0; attempt < attempts && fewest != 0; attempt++)
        {
            var state = setup();
            try
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                run(state);
                fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            finally
            {
                (state as IDisposable)?.Dispose();
            }
        }

        return fewest;
    }
}
