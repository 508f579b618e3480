namespace TickStream.Journal;

/// <summary>When a <see cref="JournalWriter"/> makes records durable (fsync). A roll and a close always fsync.</summary>
public enum JournalFlushPolicy
{
    /// <summary>
    /// Every record goes to the OS and is fsynced before Append returns: nothing appended is lost to a crash of
    /// the process or the machine, at the cost of one fsync per record.
    /// </summary>
    EveryRecord,

    /// <summary>
    /// Records are buffered; <see cref="JournalWriter.Flush"/> (called at the end of each batch) hands them to the
    /// OS, and an fsync follows when <see cref="JournalWriterOptions.FlushInterval"/> has passed since the last one.
    /// A killed process loses only what it had not flushed; a machine crash loses at most the last interval.
    /// </summary>
    Interval,

    /// <summary>Records reach the OS when the buffer fills or on Flush; fsync only on roll and close.</summary>
    OnClose,
}
