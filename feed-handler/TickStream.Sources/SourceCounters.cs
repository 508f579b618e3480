using System.Runtime.InteropServices;

namespace TickStream.Sources;

/// <summary>
/// The counters of one source: ticks read, inputs rejected, the last error. Written by the source's thread,
/// read from any thread (a stats reporter, a health check).
/// </summary>
public sealed class SourceCounters
{
    private PaddedLong _ticksRead;
    private PaddedLong _malformed;
    private SourceError? _lastError;

    /// <summary>Creates the counters of a source.</summary>
    /// <param name="sourceName">The source's stream name, copied into every <see cref="SourceError"/>.</param>
    public SourceCounters(string sourceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        SourceName = sourceName;
    }

    /// <summary>Raised on the source's thread for every rejected input, after it is counted.</summary>
    public event Action<SourceError>? ErrorReported;

    /// <summary>The source's stream name.</summary>
    public string SourceName { get; }

    /// <summary>Ticks delivered to the sink so far.</summary>
    public long TicksRead => Volatile.Read(ref _ticksRead.Value);

    /// <summary>Inputs rejected so far (malformed rows or messages, bad headers, unreadable files).</summary>
    public long Malformed => Volatile.Read(ref _malformed.Value);

    /// <summary>The last rejected input, or null if there was none.</summary>
    public SourceError? LastError => Volatile.Read(ref _lastError);

    /// <summary>
    /// Adds to <see cref="TicksRead"/>. Only the source's own thread may call this: it is a plain store, not an
    /// interlocked add, because it runs once per tick.
    /// </summary>
    /// <param name="count">How many ticks were delivered.</param>
    public void AddTicksRead(long count) => Volatile.Write(ref _ticksRead.Value, _ticksRead.Value + count);

    /// <summary>Counts one rejected input, keeps it as <see cref="LastError"/> and raises <see cref="ErrorReported"/>.</summary>
    /// <param name="location">Where the input was, e.g. "ticks.csv:17".</param>
    /// <param name="reason">What was wrong with it.</param>
    /// <returns>The error that was reported.</returns>
    public SourceError ReportMalformed(string location, string reason)
    {
        var error = new SourceError(SourceName, location, reason);
        Interlocked.Increment(ref _malformed.Value);
        Volatile.Write(ref _lastError, error);
        ErrorReported?.Invoke(error);
        return error;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{SourceName}: {TicksRead} ticks, {Malformed} malformed{(LastError is { } e ? $", last: {e}" : "")}";

    // Two cache lines, the value in the middle: neighbours on either side never share its line.
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedLong
    {
        [FieldOffset(64)]
        public long Value;
    }
}
