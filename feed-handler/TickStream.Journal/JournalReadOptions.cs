namespace TickStream.Journal;

/// <summary>What a <see cref="JournalReader"/> returns and what it does on bad data.</summary>
public sealed class JournalReadOptions
{
    /// <summary>Only records received at or after this time (ns since the Unix epoch); found through the sparse index.</summary>
    public long? FromTimeNs { get; init; }

    /// <summary>Only records received at or before this time (ns since the Unix epoch); reading stops after it.</summary>
    public long? ToTimeNs { get; init; }

    /// <summary>
    /// Only records whose topic carries one of these symbols (<c>T.</c>, <c>Q.</c>, <c>B.</c>, <c>I.</c> topics);
    /// stream-wide records (<c>H|</c>, <c>S|</c>) are left out too. Null or empty: every record.
    /// </summary>
    public IReadOnlyList<string>? Symbols { get; init; }

    /// <summary>
    /// False (default): a corrupt record or bad segment stops reading, after reporting it. True: report it and
    /// go on at the next record whose header and CRC check out.
    /// </summary>
    public bool SkipCorrupt { get; init; }

    /// <summary>Called with every problem as it is found (also collected in <see cref="JournalReader.Problems"/>).</summary>
    public Action<JournalProblem>? OnProblem { get; init; }

    /// <summary>Bytes of the read buffer; 1 MiB by default, at least 4 KiB.</summary>
    public int BufferSize { get; init; } = 1 << 20;
}
