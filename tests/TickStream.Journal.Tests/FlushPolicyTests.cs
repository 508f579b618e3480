namespace TickStream.Journal.Tests;

public class FlushPolicyTests
{
    [Fact]
    public void OnClose_BeforeFlush_ReaderSeesNothingAfterFlushSeesAll()
    {
        using var journal = new TempJournal();
        using JournalWriter writer = JournalWriter.Open(journal.Directory, TempJournal.Options(segmentSize: 1 << 20, policy: JournalFlushPolicy.OnClose));
        TempJournal.Append(writer, 0, 50);
        Assert.Equal(0, CountRecords(journal.Directory));

        writer.Flush();
        Assert.Equal(50, CountRecords(journal.Directory));
        Assert.Equal(0, writer.Fsyncs);
    }

    [Fact]
    public void Interval_LongInterval_FlushWritesWithoutFsyncAndSyncForcesOne()
    {
        using var journal = new TempJournal();
        var options = new JournalWriterOptions { StreamName = TempJournal.StreamName, FlushPolicy = JournalFlushPolicy.Interval, FlushInterval = TimeSpan.FromHours(1) };
        using JournalWriter writer = JournalWriter.Open(journal.Directory, options);
        long fsyncsAtOpen = writer.Fsyncs;
        TempJournal.Append(writer, 0, 500);
        writer.Flush();
        Assert.Equal(500, CountRecords(journal.Directory));
        Assert.Equal(fsyncsAtOpen, writer.Fsyncs);

        writer.Sync();
        Assert.Equal(fsyncsAtOpen + 1, writer.Fsyncs);
    }

    [Fact]
    public void Interval_ZeroInterval_FsyncsOnEveryAppend()
    {
        using var journal = new TempJournal();
        var options = new JournalWriterOptions { StreamName = TempJournal.StreamName, FlushPolicy = JournalFlushPolicy.Interval, FlushInterval = TimeSpan.Zero };
        using JournalWriter writer = JournalWriter.Open(journal.Directory, options);
        long fsyncsAtOpen = writer.Fsyncs;
        TempJournal.Append(writer, 0, 20);
        Assert.Equal(fsyncsAtOpen + 20, writer.Fsyncs);
        Assert.Equal(20, CountRecords(journal.Directory));
    }

    [Fact]
    public void EveryRecord_EachAppendVisibleAndFsynced()
    {
        using var journal = new TempJournal();
        using JournalWriter writer = JournalWriter.Open(journal.Directory, TempJournal.Options(segmentSize: 1 << 20, policy: JournalFlushPolicy.EveryRecord));
        long fsyncsAtOpen = writer.Fsyncs;
        for (long i = 0; i < 5; i++)
        {
            TempJournal.Append(writer, i, 1);
            Assert.Equal(i + 1, CountRecords(journal.Directory));
        }

        Assert.Equal(fsyncsAtOpen + 5, writer.Fsyncs);
        Assert.Equal(5, writer.OsWrites);
        Span<byte> message = stackalloc byte[TornTailWriter.SampleMessages.MaxLength];
        long bytes = 0;
        for (long i = 0; i < 5; i++)
        {
            bytes += JournalFormat.RecordHeaderLength + TornTailWriter.SampleMessages.Write(i, message);
        }

        Assert.Equal(bytes, writer.BytesAppended);
        Assert.Equal(5, writer.RecordsAppended);
    }

    private static long CountRecords(string directory)
    {
        using JournalReader reader = JournalReader.Open(directory);
        long count = 0;
        foreach (JournalRecord record in reader)
        {
            count++;
        }

        Assert.False(reader.StoppedOnCorruption);
        return count;
    }
}
