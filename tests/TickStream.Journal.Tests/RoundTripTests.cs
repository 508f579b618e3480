using TickStream.Journal.TornTailWriter;

namespace TickStream.Journal.Tests;

public class RoundTripTests
{
    [Fact]
    public void WriteThenRead_ManySegments_ByteIdenticalInOrder()
    {
        using var journal = new TempJournal();
        const long Count = 5000;
        using (JournalWriter writer = JournalWriter.Open(journal.Directory, TempJournal.Options(segmentSize: 4096)))
        {
            TempJournal.Append(writer, 0, Count);
            Assert.Equal(Count, writer.RecordsAppended);
            Assert.True(writer.SegmentsCreated > 100, $"only {writer.SegmentsCreated} segments");
        }

        string[] segments = journal.SegmentFiles();
        Assert.True(segments.Length > 100);
        Assert.Equal("00000001.tsj", Path.GetFileName(segments[0]));
        foreach (string segment in segments)
        {
            Assert.True(new FileInfo(segment).Length <= 4096, $"{segment} is larger than the segment size");
            Assert.True(File.Exists(Path.ChangeExtension(segment, JournalFormat.IndexExtension)));
        }

        using JournalReader reader = JournalReader.Open(journal.Directory);
        TempJournal.AssertRecords(reader, TempJournal.Range(0, Count));
        Assert.Empty(reader.Problems);
        Assert.Null(reader.TornTail);
        Assert.False(reader.StoppedOnCorruption);
    }

    [Theory]
    [InlineData(JournalFlushPolicy.EveryRecord)]
    [InlineData(JournalFlushPolicy.Interval)]
    [InlineData(JournalFlushPolicy.OnClose)]
    public void Reopen_EachPolicy_AppendsAfterExistingRecords(JournalFlushPolicy policy)
    {
        using var journal = new TempJournal();
        using (JournalWriter writer = JournalWriter.Open(journal.Directory, TempJournal.Options(segmentSize: 8192, policy: policy)))
        {
            TempJournal.Append(writer, 0, 300);
            if (policy == JournalFlushPolicy.EveryRecord)
            {
                Assert.True(writer.Fsyncs >= 300);
            }
        }

        using (JournalWriter writer = JournalWriter.Open(journal.Directory, TempJournal.Options(segmentSize: 8192, policy: policy)))
        {
            Assert.Equal(0, writer.TruncatedBytesAtOpen);
            Assert.True(writer.RecoveredRecordsAtOpen > 0);
            TempJournal.Append(writer, 300, 200);
        }

        using JournalReader reader = JournalReader.Open(journal.Directory);
        TempJournal.AssertRecords(reader, TempJournal.Range(0, 500));
        Assert.Empty(reader.Problems);
    }

    [Fact]
    public void Append_TimeGoesBackwards_StoredAsPreviousTimeAndCounted()
    {
        using var journal = new TempJournal();
        using (JournalWriter writer = JournalWriter.Open(journal.Directory, TempJournal.Options()))
        {
            writer.Append("H|12345678"u8, 1000);
            writer.Append("H|12345678"u8, 900);
            writer.Append("H|12345678"u8, 1100);
            Assert.Equal(1, writer.TimeRegressions);
        }

        using JournalReader reader = JournalReader.Open(journal.Directory);
        var times = new List<long>();
        foreach (JournalRecord record in reader)
        {
            times.Add(record.ReceiveTimeNs);
        }

        Assert.Equal([1000L, 1000L, 1100L], times);
    }

    [Fact]
    public void Append_MessageLargerThanBuffer_RoundTrips()
    {
        using var journal = new TempJournal();
        var big = new byte[200_000];
        new Random(3).NextBytes(big);
        using (JournalWriter writer = JournalWriter.Open(journal.Directory, TempJournal.Options(segmentSize: 1 << 20)))
        {
            TempJournal.Append(writer, 0, 10);
            writer.Append(big, SampleMessages.TimeOf(10));
            writer.Append(big.AsSpan(0, 70_000), SampleMessages.TimeOf(11));
        }

        using JournalReader reader = JournalReader.Open(journal.Directory, new JournalReadOptions { BufferSize = 4096 });
        var lengths = new List<int>();
        foreach (JournalRecord record in reader)
        {
            lengths.Add(record.Message.Length);
            if (record.Message.Length == big.Length)
            {
                Assert.True(record.Message.SequenceEqual(big));
            }
        }

        Assert.Equal(12, lengths.Count);
        Assert.Equal(70_000, lengths[^1]);
        Assert.Empty(reader.Problems);
    }

    [Fact]
    public void Append_EmptyOrOversizedMessage_Throws()
    {
        using var journal = new TempJournal();
        using JournalWriter writer = JournalWriter.Open(journal.Directory, TempJournal.Options());
        Assert.Throws<ArgumentException>(() => writer.Append([], 1));
        Assert.Throws<ArgumentException>(() => writer.Append(new byte[JournalFormat.MaxMessageLength + 1], 1));
    }

    [Fact]
    public void Reopen_IndexFilesDeleted_RebuildsThem()
    {
        using var journal = new TempJournal();
        journal.Write(1000);
        foreach (string index in Directory.GetFiles(journal.Directory, "*" + JournalFormat.IndexExtension))
        {
            File.Delete(index);
        }

        using (JournalWriter writer = JournalWriter.Open(journal.Directory, TempJournal.Options()))
        {
            Assert.Equal(0, writer.TruncatedBytesAtOpen);
        }

        JournalInspection inspection = JournalInspector.Inspect(journal.Directory);
        foreach (JournalSegmentSummary segment in inspection.Segments)
        {
            Assert.EndsWith("entries", segment.IndexStatus, StringComparison.Ordinal);
            Assert.DoesNotContain("torn", segment.IndexStatus, StringComparison.Ordinal);
        }
    }
}
