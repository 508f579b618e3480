using TickStream.Journal.TornTailWriter;

namespace TickStream.Journal.Tests;

public class SeekAndFilterTests
{
    private const long Count = 3000;

    [Theory]
    [InlineData(0, 2999)]
    [InlineData(1234, 1234)]
    [InlineData(1500, 2100)]
    [InlineData(2990, 5000)]
    [InlineData(-50, 10)]
    public void FromTo_ReturnsExactlyRecordsInRange(long fromIndex, long toIndex)
    {
        using var journal = new TempJournal();
        journal.Write(Count);
        AssertRange(journal, fromIndex, toIndex, expectIndexSeek: fromIndex > 100);
    }

    [Fact]
    public void FromTo_BetweenRecordTimes_IncludesOnlyRecordsStrictlyInside()
    {
        using var journal = new TempJournal();
        journal.Write(Count);
        var options = new JournalReadOptions
        {
            FromTimeNs = SampleMessages.TimeOf(700) + 1,
            ToTimeNs = SampleMessages.TimeOf(900) - 1,
        };
        using JournalReader reader = JournalReader.Open(journal.Directory, options);
        TempJournal.AssertRecords(reader, TempJournal.Range(701, 199));
    }

    [Theory]
    [InlineData("deleted")]
    [InlineData("garbage")]
    [InlineData("torn")]
    [InlineData("stale")]
    public void FromTo_IndexMissingOrDamaged_StillExact(string damage)
    {
        using var journal = new TempJournal();
        journal.Write(Count);
        foreach (string index in Directory.GetFiles(journal.Directory, "*" + JournalFormat.IndexExtension))
        {
            switch (damage)
            {
                case "deleted":
                    File.Delete(index);
                    break;
                case "garbage":
                    File.WriteAllBytes(index, Enumerable.Repeat((byte)0xA5, 200).ToArray());
                    break;
                case "torn":
                    using (var stream = new FileStream(index, FileMode.Open))
                    {
                        stream.SetLength(stream.Length - 7);
                    }

                    break;
                default:
                    // An index pointing one byte past each record: every entry fails its record check.
                    byte[] bytes = File.ReadAllBytes(index);
                    for (int at = JournalFormat.IndexHeaderLength; at + JournalFormat.IndexEntryLength <= bytes.Length; at += JournalFormat.IndexEntryLength)
                    {
                        var entry = new IndexEntry(
                            BitConverter.ToInt64(bytes, at),
                            BitConverter.ToInt64(bytes, at + 8) + 1,
                            BitConverter.ToUInt32(bytes, at + 16));
                        SegmentIndex.WriteEntry(bytes.AsSpan(at), entry);
                    }

                    File.WriteAllBytes(index, bytes);
                    break;
            }
        }

        AssertRange(journal, 1500, 2100, expectIndexSeek: damage == "torn");
    }

    [Fact]
    public void SymbolFilter_ReturnsOnlyThatSymbolsRecords()
    {
        using var journal = new TempJournal();
        journal.Write(Count);
        using JournalReader reader = JournalReader.Open(journal.Directory, new JournalReadOptions { Symbols = ["BRK.B"] });
        var expected = TempJournal.Range(0, Count).Where(i => SampleMessages.SymbolOf(i) == "BRK.B").ToList();
        Assert.NotEmpty(expected);
        TempJournal.AssertRecords(reader, expected);
    }

    [Fact]
    public void SymbolFilterWithTimeRange_CombinesBoth()
    {
        using var journal = new TempJournal();
        journal.Write(Count);
        var options = new JournalReadOptions
        {
            Symbols = ["AAPL", "SPY"],
            FromTimeNs = SampleMessages.TimeOf(1000),
            ToTimeNs = SampleMessages.TimeOf(1999),
        };
        using JournalReader reader = JournalReader.Open(journal.Directory, options);
        var expected = TempJournal.Range(1000, 1000).Where(i => SampleMessages.SymbolOf(i) is "AAPL" or "SPY").ToList();
        TempJournal.AssertRecords(reader, expected);
    }

    [Fact]
    public void SymbolFilter_PrefixOfAnotherSymbol_DoesNotMatch()
    {
        using var journal = new TempJournal();
        using (JournalWriter writer = JournalWriter.Open(journal.Directory, TempJournal.Options()))
        {
            writer.Append("Q.AAPLX|12345678"u8, 1);
            writer.Append("Q.AAPL|12345678"u8, 2);
            writer.Append("H|12345678"u8, 3);
        }

        using JournalReader reader = JournalReader.Open(journal.Directory, new JournalReadOptions { Symbols = ["AAPL"] });
        var times = new List<long>();
        foreach (JournalRecord record in reader)
        {
            times.Add(record.ReceiveTimeNs);
        }

        Assert.Equal([2L], times);
    }

    private static void AssertRange(TempJournal journal, long fromIndex, long toIndex, bool expectIndexSeek)
    {
        var options = new JournalReadOptions { FromTimeNs = SampleMessages.TimeOf(fromIndex), ToTimeNs = SampleMessages.TimeOf(toIndex) };
        using JournalReader reader = JournalReader.Open(journal.Directory, options);
        long first = Math.Max(0, fromIndex);
        long last = Math.Min(Count - 1, toIndex);
        TempJournal.AssertRecords(reader, TempJournal.Range(first, last - first + 1));
        Assert.Empty(reader.Problems);
        Assert.Equal(expectIndexSeek, reader.SeekedByIndex);
        if (expectIndexSeek)
        {
            // The seek lands within one index interval (8 records here) plus one segment before From, not at the start.
            Assert.True(reader.RecordsScanned - reader.RecordsRead < 64, $"scanned {reader.RecordsScanned} records to return {reader.RecordsRead}");
        }
    }
}
