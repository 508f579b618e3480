using System.Globalization;

namespace TickStream.Journal;

/// <summary>A problem found in a journal, with the place it was found and why it is a problem.</summary>
/// <param name="Kind">What kind of problem.</param>
/// <param name="SegmentPath">The segment file.</param>
/// <param name="Offset">Byte offset in the segment where the bad data starts.</param>
/// <param name="Length">Bytes of bad data (up to the next valid record or the end of the segment).</param>
/// <param name="Detail">Why the data is bad, in words.</param>
public sealed record JournalProblem(JournalProblemKind Kind, string SegmentPath, long Offset, long Length, string Detail)
{
    /// <summary>One line: kind, file, offset, length and reason.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Kind} in {Path.GetFileName(SegmentPath)} at offset {Offset} ({Length} bytes): {Detail}");
}
