using System.Globalization;
using System.Text;

namespace TickStream.Journal;

/// <summary>
/// What <see cref="JournalInspector.Inspect"/> found in a journal: counts per symbol and per message type, time
/// range, segments, corrupt records and torn tail. <see cref="ToText"/> renders it for a terminal.
/// </summary>
public sealed class JournalInspection
{
    internal JournalInspection(
        string directory,
        IReadOnlyList<JournalSegmentSummary> segments,
        IReadOnlyList<JournalProblem> problems,
        IReadOnlyDictionary<string, long> recordsBySymbol,
        IReadOnlyDictionary<string, long> recordsByType,
        long records,
        long messageBytes,
        long timeRegressions)
    {
        Directory = directory;
        Segments = segments;
        Problems = problems;
        RecordsBySymbol = recordsBySymbol;
        RecordsByType = recordsByType;
        Records = records;
        MessageBytes = messageBytes;
        TimeRegressions = timeRegressions;
        long? first = null;
        long? last = null;
        foreach (JournalSegmentSummary segment in segments)
        {
            first ??= segment.FirstTimeNs;
            last = segment.LastTimeNs ?? last;
        }

        FirstTimeNs = first;
        LastTimeNs = last;
        foreach (JournalProblem problem in problems)
        {
            if (problem.Kind == JournalProblemKind.TornTail)
            {
                TornTail = problem;
            }
            else if (problem.Kind == JournalProblemKind.CorruptRecord)
            {
                CorruptRecords++;
            }
            else
            {
                BadSegments++;
            }
        }
    }

    /// <summary>The journal directory.</summary>
    public string Directory { get; }

    /// <summary>The segments, in order.</summary>
    public IReadOnlyList<JournalSegmentSummary> Segments { get; }

    /// <summary>Every problem found: corrupt records, bad segments, the torn tail.</summary>
    public IReadOnlyList<JournalProblem> Problems { get; }

    /// <summary>Valid records per topic symbol; stream-wide records (<c>H|</c>, <c>S|</c>) count under "(none)".</summary>
    public IReadOnlyDictionary<string, long> RecordsBySymbol { get; }

    /// <summary>Valid records per SBE message type (Trade, Quote, ...).</summary>
    public IReadOnlyDictionary<string, long> RecordsByType { get; }

    /// <summary>Valid records in the journal.</summary>
    public long Records { get; }

    /// <summary>Bytes of the valid records' messages.</summary>
    public long MessageBytes { get; }

    /// <summary>Records whose receive time is earlier than the record before them (a journal this library wrote has none).</summary>
    public long TimeRegressions { get; }

    /// <summary>Receive time of the first valid record.</summary>
    public long? FirstTimeNs { get; }

    /// <summary>Receive time of the last valid record.</summary>
    public long? LastTimeNs { get; }

    /// <summary>Corrupt stretches found (each skipped to the next valid record).</summary>
    public int CorruptRecords { get; }

    /// <summary>Segments whose header is bad or that could not be read.</summary>
    public int BadSegments { get; }

    /// <summary>The torn tail at the end of the journal, or null if it ends cleanly.</summary>
    public JournalProblem? TornTail { get; }

    /// <summary>Frames missing from the journal (not journaled), found from the stream sequences; empty when none.</summary>
    public IReadOnlyList<JournalHole> Holes { get; init; } = [];

    /// <summary>Frames missing in all <see cref="Holes"/>.</summary>
    public long MissingFrames { get; init; }

    /// <summary>Whether the journal has no corrupt record and no bad segment (a torn tail is not damage).</summary>
    public bool IsHealthy => CorruptRecords == 0 && BadSegments == 0;

    /// <summary>The inspection as text for a terminal.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        CultureInfo inv = CultureInfo.InvariantCulture;
        JournalSegmentHeader? header = null;
        foreach (JournalSegmentSummary segment in Segments)
        {
            header ??= segment.Header;
        }

        text.Append(inv, $"journal   {Directory}\n");
        if (header is not null)
        {
            text.Append(inv, $"stream    {header.StreamName} (SBE schema {header.SchemaId} version {header.SchemaVersion}, format {JournalFormat.Version})\n");
        }

        text.Append(inv, $"records   {Records:N0} ({MessageBytes:N0} message bytes)\n");
        text.Append(inv, $"time      {FormatTime(FirstTimeNs)} .. {FormatTime(LastTimeNs)}\n");
        string health = !IsHealthy ? "DAMAGED" : Holes.Count > 0 ? "INCOMPLETE" : "ok";
        text.Append(inv, $"health    {health}: {CorruptRecords} corrupt, {BadSegments} bad segments, {MissingFrames} frames missing in {Holes.Count} holes, tail {(TornTail is null ? "clean" : "torn")}, {TimeRegressions} time regressions\n");
        text.Append("\nsegments\n");
        foreach (JournalSegmentSummary segment in Segments)
        {
            text.Append(inv, $"  {segment.Name}  {segment.SizeBytes,14:N0} bytes  {segment.Records,12:N0} records  {FormatTime(segment.FirstTimeNs)} .. {FormatTime(segment.LastTimeNs)}  index: {segment.IndexStatus}\n");
        }

        AppendCounts(text, "message types", RecordsByType);
        AppendCounts(text, "symbols", RecordsBySymbol);
        if (Holes.Count > 0)
        {
            text.Append("\nholes\n");
            foreach (JournalHole hole in Holes)
            {
                text.Append("  ").Append(hole).Append('\n');
            }
        }

        if (Problems.Count > 0)
        {
            text.Append("\nproblems\n");
            foreach (JournalProblem problem in Problems)
            {
                text.Append("  ").Append(problem).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => ToText();

    private static void AppendCounts(StringBuilder text, string title, IReadOnlyDictionary<string, long> counts)
    {
        text.Append('\n').Append(title).Append('\n');
        var keys = new List<string>(counts.Keys);
        keys.Sort(StringComparer.Ordinal);
        foreach (string key in keys)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {key,-24} {counts[key],14:N0}\n");
        }
    }

    private static string FormatTime(long? ns) => ns is null
        ? "-"
        : DateTime.UnixEpoch.AddTicks(ns.Value / 100).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
