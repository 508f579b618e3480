namespace TickStream.LoadTest;

/// <summary>What one group of a process's threads used while publishing.</summary>
/// <param name="Thread">The thread name (15 characters at most on Linux; digits dropped to group pool threads).</param>
/// <param name="Cores">CPU seconds per wall second.</param>
/// <param name="VoluntarySwitchesPerSecond">Context switches per second the threads asked for (blocking).</param>
/// <param name="InvoluntarySwitchesPerSecond">Context switches per second the scheduler made (preemption, yields).</param>
internal sealed record ThreadCores(string Thread, double Cores, double VoluntarySwitchesPerSecond, double InvoluntarySwitchesPerSecond);
