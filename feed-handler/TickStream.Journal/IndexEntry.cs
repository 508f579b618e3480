namespace TickStream.Journal;

/// <summary>One sparse index entry: a record's receive time, its offset in the segment and its ordinal there.</summary>
internal readonly record struct IndexEntry(long TimeNs, long Offset, uint Ordinal);
