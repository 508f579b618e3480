using TickStream.Journal.TornTailWriter;

namespace TickStream.Journal.Tests;

public class InspectorTests
{
    [Fact]
    public void Inspect_HealthyJournal_CountsPerSymbolTypeAndSegment()
    {
        using var journal = new TempJournal();
        const long Count = 1000;
        journal.Write(Count);

        JournalInspection inspection = JournalInspector.Inspect(journal.Directory);

        Assert.Equal(Count, inspection.Records);
        Assert.True(inspection.IsHealthy);
        Assert.Null(inspection.TornTail);
        Assert.Equal(SampleMessages.TimeOf(0), inspection.FirstTimeNs);
        Assert.Equal(SampleMessages.TimeOf(Count - 1), inspection.LastTimeNs);
        Assert.Equal(journal.SegmentFiles().Length, inspection.Segments.Count);
        Assert.Equal(Count, inspection.Segments.Sum(s => s.Records));
        Assert.All(inspection.Segments, s => Assert.Equal(TempJournal.StreamName, s.Header?.StreamName));
        Assert.Equal("00000001.tsj", inspection.Segments[0].Name);

        var symbols = TempJournal.Range(0, Count).GroupBy(i => SampleMessages.SymbolOf(i) ?? "(none)").ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(symbols.OrderBy(p => p.Key), inspection.RecordsBySymbol.OrderBy(p => p.Key));
        var types = TempJournal.Range(0, Count).GroupBy(i => SampleMessages.TemplateOf(i) switch { 1 => "Trade", 2 => "Quote", _ => "Heartbeat" })
            .ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(types.OrderBy(p => p.Key), inspection.RecordsByType.OrderBy(p => p.Key));

        string text = inspection.ToText();
        Assert.Contains(TempJournal.StreamName, text, StringComparison.Ordinal);
        Assert.Contains("BRK.B", text, StringComparison.Ordinal);
        Assert.Contains("Quote", text, StringComparison.Ordinal);
        Assert.Contains("2026-01-01T00:00:00", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_DamagedJournal_ReportsCorruptionAndTornTail()
    {
        using var journal = new TempJournal();
        journal.Write(600);
        _ = CorruptionTests.Damaged(journal, 100, CorruptionTests.Damage.FlipMessageByte);
        _ = CorruptionTests.Damaged(journal, 400, CorruptionTests.Damage.ImpossibleLength);
        using (var stream = new FileStream(journal.SegmentFiles()[^1], FileMode.Append))
        {
            stream.Write(new byte[] { 1, 2, 3, 4, 5 });
        }

        JournalInspection inspection = JournalInspector.Inspect(journal.Directory);

        Assert.Equal(598, inspection.Records);
        Assert.Equal(2, inspection.CorruptRecords);
        Assert.False(inspection.IsHealthy);
        Assert.NotNull(inspection.TornTail);
        Assert.Equal(5, inspection.TornTail!.Length);
        string text = inspection.ToText();
        Assert.Contains("DAMAGED", text, StringComparison.Ordinal);
        Assert.Contains("CorruptRecord", text, StringComparison.Ordinal);
        Assert.Contains("TornTail", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_MessagesWithoutTopicOrSchema_CountedAsNotTickStream()
    {
        using var journal = new TempJournal();
        using (JournalWriter writer = JournalWriter.Open(journal.Directory, TempJournal.Options()))
        {
            writer.Append("no topic here at all, just bytes"u8, 1);
            writer.Append("Q.AAPL|\x01\x00\x02\x00\x07\x00\x00\x00"u8, 2);
        }

        JournalInspection inspection = JournalInspector.Inspect(journal.Directory);
        Assert.Equal(2, inspection.RecordsByType["(not a TickStream frame)"]);
        Assert.Equal(1, inspection.RecordsBySymbol["AAPL"]);
        Assert.Equal(1, inspection.RecordsBySymbol["(none)"]);
    }
}
