namespace TickStream.Journal;

/// <summary>What a <see cref="JournalWriteFault"/> reports.</summary>
public enum JournalWriteFaultKind
{
    /// <summary>A write failed: the writer stopped writing and retries on an interval.</summary>
    Failed,

    /// <summary>Retries still fail; reported at most once per <see cref="JournalWriterOptions.FaultReportInterval"/>.</summary>
    StillFailing,

    /// <summary>A write succeeded again: the journal has a hole of the records counted in the outage.</summary>
    Resumed,
}
