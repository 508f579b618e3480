namespace TickStream.Client;

/// <summary>What to do with a live update after a snapshot (the ZeroMQ Guide's Clone pattern).</summary>
public enum SyncDecision
{
    /// <summary>Not a Quote or Trade of a symbol the snapshot covered: pass it on unchanged.</summary>
    NotTracked,

    /// <summary>The next update after the state held: apply it.</summary>
    Apply,

    /// <summary>At or below the snapshot's (or the last applied) sequence: already in the state, drop it.</summary>
    Duplicate,

    /// <summary>Newer than expected: updates were lost. Apply it, and take a new snapshot to resynchronise.</summary>
    Gap,
}
