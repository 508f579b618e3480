using System.Globalization;

namespace TickStream.Journal;

/// <summary>
/// A change in a <see cref="JournalWriter"/>'s ability to write, passed to <see cref="JournalWriterOptions.OnWriteFault"/>:
/// the first failure of an outage, a throttled reminder while it lasts, and the end of it.
/// </summary>
/// <param name="Kind">Which of the three.</param>
/// <param name="Directory">The journal directory.</param>
/// <param name="Error">The last write error (the OS's message, e.g. "No space left on device").</param>
/// <param name="DiskFull">Whether the last error was ENOSPC (or the Windows disk-full error).</param>
/// <param name="RecordsNotJournaled">Records dropped in this outage so far: the hole it leaves.</param>
/// <param name="Duration">How long the outage has lasted.</param>
/// <param name="RetryInterval">How often writing is tried again.</param>
public sealed record JournalWriteFault(
    JournalWriteFaultKind Kind,
    string Directory,
    string Error,
    bool DiskFull,
    long RecordsNotJournaled,
    TimeSpan Duration,
    TimeSpan RetryInterval)
{
    /// <summary>One plain line for a log.</summary>
    public override string ToString() => Kind switch
    {
        JournalWriteFaultKind.Failed => string.Create(CultureInfo.InvariantCulture,
            $"journal '{Directory}': write failed ({Error}); not journaling, retrying every {RetryInterval.TotalSeconds:0.###} s; {RecordsNotJournaled} records dropped so far"),
        JournalWriteFaultKind.StillFailing => string.Create(CultureInfo.InvariantCulture,
            $"journal '{Directory}': still not writable after {Duration.TotalSeconds:0} s ({Error}); {RecordsNotJournaled} records not journaled so far"),
        _ => string.Create(CultureInfo.InvariantCulture,
            $"journal '{Directory}': writing again after {Duration.TotalSeconds:0.0} s; {RecordsNotJournaled} records were not journaled (a hole that 'journal inspect' reports)"),
    };
}
