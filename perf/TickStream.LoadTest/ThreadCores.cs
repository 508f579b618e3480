namespace TickStream.LoadTest;

/// <summary>Cores one group of a process's threads used (CPU seconds per wall second).</summary>
/// <param name="Thread">The thread name (15 characters at most on Linux; digits dropped to group pool threads).</param>
/// <param name="Cores">CPU seconds per wall second.</param>
internal sealed record ThreadCores(string Thread, double Cores);
