namespace TickStream.Client;

/// <summary>
/// One gap of one (stream, symbol, class) being repaired: the missing symbol sequences, the stream sequences they
/// lie between, and what the retransmission has filled so far. Owned by the receive thread.
/// </summary>
internal sealed class RepairGap(string symbol, TickKind kind, ulong firstMissing, ulong lastMissing, ulong fromStreamSeq, ulong toStreamSeq)
{
    public string Symbol { get; } = symbol;

    public TickKind Kind { get; } = kind;

    public ulong FirstMissing { get; } = firstMissing;

    public ulong LastMissing { get; } = lastMissing;

    public ulong FromStreamSeq { get; } = fromStreamSeq;

    public ulong ToStreamSeq { get; } = toStreamSeq;

    /// <summary>
    /// A tail gap (from a tail check): how many frames were lost after the key's last one is not known, so
    /// <see cref="LastMissing"/> is open (<see cref="ulong.MaxValue"/>) and what does not come back is not a hole.
    /// </summary>
    public bool Tail => LastMissing == ulong.MaxValue;

    /// <summary>The topic prefix that selects the key's frames, such as <c>Q.AAPL|</c>.</summary>
    public string Prefix => (char)SequenceTracker.ClassByte(Kind) + "." + Symbol + "|";

    /// <summary>The highest symbol sequence retransmitted so far (FirstMissing - 1 before any).</summary>
    public ulong FilledThrough { get; set; } = firstMissing - 1;

    /// <summary>Retransmitted frames accepted for this gap.</summary>
    public long Repaired { get; set; }

    /// <summary>Runs still missing, found while matching (a hole inside what came back).</summary>
    public List<(ulong First, ulong Last)>? Holes { get; set; }

    /// <summary>Takes a retransmitted frame of this key: true when it fills the gap (not a duplicate).</summary>
    public bool TryFill(ulong symbolSeq)
    {
        if (symbolSeq < FirstMissing || symbolSeq > LastMissing || symbolSeq <= FilledThrough)
        {
            return false;
        }

        if (symbolSeq > FilledThrough + 1)
        {
            (Holes ??= []).Add((FilledThrough + 1, symbolSeq - 1));
        }

        FilledThrough = symbolSeq;
        Repaired++;
        return true;
    }

    /// <summary>Ends the repair: what was not retransmitted after the last frame that came is a hole too.</summary>
    public void Close()
    {
        if (FilledThrough < LastMissing && !Tail)
        {
            (Holes ??= []).Add((FilledThrough + 1, LastMissing));
            FilledThrough = LastMissing;
        }
    }
}
