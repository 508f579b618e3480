namespace TickStream.LoadTest;

/// <summary>One thread's totals so far, read from /proc.</summary>
/// <param name="Name">The thread's name (15 characters at most on Linux).</param>
/// <param name="Seconds">CPU seconds, user and system.</param>
/// <param name="Voluntary">Context switches the thread asked for (it blocked: a futex, a poll, a sleep).</param>
/// <param name="Involuntary">Context switches the scheduler made (preemption, or a yield that gave the core away).</param>
internal sealed record ThreadSample(string Name, double Seconds, long Voluntary, long Involuntary);
