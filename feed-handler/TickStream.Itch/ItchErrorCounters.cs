namespace TickStream.Itch;

/// <summary>
/// Per-cause error counts plus the most recent error. Written by one thread (the one parsing); other threads may read
/// the counts for monitoring, which tolerates a slightly stale value.
/// </summary>
public sealed class ItchErrorCounters
{
    private static readonly int _kindCount = Enum.GetValues<ItchErrorKind>().Length;
    private readonly long[] _counts = new long[_kindCount];
    private long _total;

    /// <summary>The count for one cause.</summary>
    /// <param name="kind">The cause.</param>
    public long this[ItchErrorKind kind] => Volatile.Read(ref _counts[(int)kind]);

    /// <summary>All errors counted so far.</summary>
    public long Total => Volatile.Read(ref _total);

    /// <summary>The most recent error, or null when none was counted.</summary>
    public ItchError? Last { get; private set; }

    /// <summary>Counts <paramref name="error"/> and remembers it as the last one.</summary>
    /// <param name="error">The error.</param>
    public void Record(in ItchError error)
    {
        _counts[(int)error.Kind]++;
        _total++;
        Last = error;
    }

    /// <summary>Sets every count to zero.</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        _total = 0;
        Last = null;
    }
}
