namespace TickStream.Journal;

/// <summary>What inspection found in one segment file.</summary>
/// <param name="Name">The file name, e.g. <c>00000001.tsj</c>.</param>
/// <param name="SizeBytes">The file size.</param>
/// <param name="Records">Valid records in it.</param>
/// <param name="FirstTimeNs">Receive time of its first valid record, if any.</param>
/// <param name="LastTimeNs">Receive time of its last valid record, if any.</param>
/// <param name="Header">Its header, or null if the header is bad.</param>
/// <param name="IndexStatus">State of its index file: entry count, missing, bad header or torn.</param>
public sealed record JournalSegmentSummary(string Name, long SizeBytes, long Records, long? FirstTimeNs, long? LastTimeNs, JournalSegmentHeader? Header, string IndexStatus);
