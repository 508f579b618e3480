using System.Diagnostics;
using TickStream.Journal.TornTailWriter;

namespace TickStream.Journal.Tests;

public sealed class DiskFullTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static JournalWriterOptions Options(FullDisk disk, List<JournalWriteFault> faults, JournalFlushPolicy policy, TimeSpan retry, long segmentSize = 4096) => new()
    {
        StreamName = TempJournal.StreamName,
        SegmentSize = segmentSize,
        FlushPolicy = policy,
        IndexEveryRecords = 8,
        RetryInterval = retry,
        FaultReportInterval = TimeSpan.FromHours(1),
        RecoveredAfter = TimeSpan.Zero,
        FileOpener = disk.Opener,
        OnWriteFault = faults.Add,
    };

    [Theory]
    [InlineData(JournalFlushPolicy.EveryRecord, 1 << 20)]
    [InlineData(JournalFlushPolicy.OnClose, 1 << 20)]
    [InlineData(JournalFlushPolicy.Interval, 4096)]
    public void DiskFull_ThenSpaceAgain_CountsTheDroppedRecordsReportsOnceAndInspectFindsTheHole(JournalFlushPolicy policy, long segmentSize)
    {
        using var journal = new TempJournal();
        var disk = new FullDisk();
        var faults = new List<JournalWriteFault>();
        long dropped;
        using (var writer = JournalWriter.Open(journal.Directory, Options(disk, faults, policy, TimeSpan.Zero, segmentSize)))
        {
            TempJournal.Append(writer, 0, 300);
            writer.Flush();
            disk.Full = true;

            // Thousands of appends and flushes against a full disk: no exception, one report.
            TempJournal.Append(writer, 300, 2_000);
            writer.Flush();
            writer.Sync();
            Assert.True(writer.IsFaulted);
            Assert.True(disk.FailedWrites > 1, $"{disk.FailedWrites} failed writes: the writer did not retry");
            Assert.Equal([JournalWriteFaultKind.Failed], faults.ConvertAll(f => f.Kind));
            Assert.True(faults[0].DiskFull);
            Assert.Contains("No space left on device", faults[0].ToString(), StringComparison.Ordinal);

            disk.Full = false;
            TempJournal.Append(writer, 2_300, 700);
            writer.Flush();
            Assert.False(writer.IsFaulted);
            dropped = writer.RecordsNotJournaled;
            Assert.Equal(1, writer.WriteFaults);
            Assert.Equal(3_000 - dropped, writer.RecordsAppended);
        }

        Assert.Equal([JournalWriteFaultKind.Failed, JournalWriteFaultKind.Resumed], faults.ConvertAll(f => f.Kind));
        Assert.Equal(dropped, faults[1].RecordsNotJournaled);

        // What survives is exactly the messages before the outage and after it, in order, nothing torn.
        var indices = new List<long>();
        using (var reader = JournalReader.Open(journal.Directory, new JournalReadOptions()))
        {
            Span<byte> expected = stackalloc byte[SampleMessages.MaxLength];
            long next = 0;
            foreach (JournalRecord record in reader)
            {
                while (next < 3_000 && SampleMessages.TimeOf(next) != record.ReceiveTimeNs)
                {
                    next++;
                }

                int length = SampleMessages.Write(next, expected);
                Assert.True(expected[..length].SequenceEqual(record.Message), $"record at {record.ReceiveTimeNs} is not sample {next}");
                indices.Add(next++);
            }

            Assert.Empty(reader.Problems);
            Assert.Equal(3_000 - dropped, indices.Count);
            Assert.True(indices.Contains(2_999) && indices.Contains(0), "the journal lost good records at its ends");
        }

        var inspection = JournalInspector.Inspect(journal.Directory);
        var hole = Assert.Single(inspection.Holes);
        Assert.Equal(1, hole.StreamId);
        Assert.True(hole.AfterSeq < hole.BeforeSeq && hole.BeforeSeq > 2_300, inspection.ToText());

        // Heartbeats do not take a sequence: the hole counts the trades and quotes dropped, between the last one
        // journaled before the outage and the first after it (sample message i has streamSeq i + 1).
        var journaled = new HashSet<long>(indices);
        long droppedHeartbeats = 0;
        long lastBefore = -1;
        long firstAfter = -1;
        for (long i = 0; i < 3_000; i++)
        {
            bool data = SampleMessages.TemplateOf(i) != 4;
            if (!journaled.Contains(i))
            {
                droppedHeartbeats += data ? 0 : 1;
            }
            else if (data && firstAfter < 0 && i > 300 && !journaled.Contains(i - 1))
            {
                firstAfter = i;
            }

            if (data && journaled.Contains(i) && i < 300)
            {
                lastBefore = i;
            }
        }

        Assert.Equal(dropped - droppedHeartbeats, hole.MissingFrames);
        Assert.Equal(hole.MissingFrames, inspection.MissingFrames);
        Assert.True((ulong)lastBefore + 1 <= hole.AfterSeq, $"hole after {hole.AfterSeq}, last record before the outage {lastBefore}");
        Assert.Equal((ulong)firstAfter + 1, hole.BeforeSeq);
        Assert.Contains($"{hole.MissingFrames} frames missing in stream 1 between seq {hole.AfterSeq} and {hole.BeforeSeq}", inspection.ToText(), StringComparison.Ordinal);
        Assert.Contains("health    INCOMPLETE", inspection.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void DiskFull_RetriesOnlyEveryRetryInterval()
    {
        using var journal = new TempJournal();
        var disk = new FullDisk();
        var faults = new List<JournalWriteFault>();
        using var writer = JournalWriter.Open(journal.Directory, Options(disk, faults, JournalFlushPolicy.EveryRecord, TimeSpan.FromHours(1)));
        disk.Full = true;
        TempJournal.Append(writer, 0, 5_000);
        writer.Flush();

        // The first write failed; within the hour no other write is tried, however many records come.
        Assert.Equal(1, disk.FailedWrites);
        Assert.Equal(5_000, writer.RecordsNotJournaled);
        Assert.Single(faults);
    }

    [Fact]
    public void DiskFull_StillFailing_IsReportedAtMostEveryReportInterval()
    {
        using var journal = new TempJournal();
        var disk = new FullDisk();
        var faults = new List<JournalWriteFault>();
        var options = Options(disk, faults, JournalFlushPolicy.EveryRecord, TimeSpan.FromMilliseconds(1));
        options = new JournalWriterOptions
        {
            StreamName = options.StreamName,
            FlushPolicy = options.FlushPolicy,
            RetryInterval = options.RetryInterval,
            FaultReportInterval = TimeSpan.FromMilliseconds(100),
            FileOpener = options.FileOpener,
            OnWriteFault = options.OnWriteFault,
        };
        using var writer = JournalWriter.Open(journal.Directory, options);
        disk.Full = true;
        var clock = Stopwatch.StartNew();
        long i = 0;
        while (clock.Elapsed < TimeSpan.FromMilliseconds(600) && clock.Elapsed < Deadline)
        {
            TempJournal.Append(writer, i++, 1);
        }

        var elapsed = clock.Elapsed;
        Assert.True(disk.FailedWrites > 2, $"{disk.FailedWrites} failed writes in {elapsed}");
        Assert.Equal(JournalWriteFaultKind.Failed, faults[0].Kind);
        Assert.All(faults.Skip(1), f => Assert.Equal(JournalWriteFaultKind.StillFailing, f.Kind));

        // One report, then at most one per 100 ms however many retries failed.
        Assert.InRange(faults.Count, 2, 1 + (int)(elapsed.TotalMilliseconds / 100) + 1);
        Assert.Equal(i, writer.RecordsNotJournaled);
    }

    [Fact]
    public void DiskFull_FillingUpAgainSoonAfterARetry_IsOneOutage()
    {
        using var journal = new TempJournal();
        var disk = new FullDisk();
        var faults = new List<JournalWriteFault>();
        var options = new JournalWriterOptions
        {
            StreamName = TempJournal.StreamName,
            FlushPolicy = JournalFlushPolicy.OnClose,
            RetryInterval = TimeSpan.Zero,
            RecoveredAfter = TimeSpan.FromHours(1),
            FaultReportInterval = TimeSpan.FromHours(1),
            FileOpener = disk.Opener,
            OnWriteFault = faults.Add,
        };
        using var writer = JournalWriter.Open(journal.Directory, options);

        // A disk with a little room now and then: each retry writes a batch, the next one fails.
        for (int round = 0; round < 50; round++)
        {
            disk.Full = round % 2 == 1;
            TempJournal.Append(writer, round * 10, 10);
            writer.Flush();
        }

        Assert.Equal(25 * 10, writer.RecordsNotJournaled);
        Assert.Equal([JournalWriteFaultKind.Failed], faults.ConvertAll(f => f.Kind));
        Assert.Equal(1, writer.WriteFaults);
    }

    [Fact]
    public void DiskFull_AtDispose_NeitherThrowsNorLeavesAnUnreadableJournal()
    {
        using var journal = new TempJournal();
        var disk = new FullDisk();
        var faults = new List<JournalWriteFault>();
        var writer = JournalWriter.Open(journal.Directory, Options(disk, faults, JournalFlushPolicy.OnClose, TimeSpan.Zero));
        TempJournal.Append(writer, 0, 100);
        writer.Flush();
        TempJournal.Append(writer, 100, 10);
        disk.Full = true;
        writer.Dispose();
        Assert.Equal(10, writer.RecordsNotJournaled);

        // The half-written buffer is cut off at once: the 10 counted as not journaled are not in the file either.
        disk.Full = false;
        using (var reopened = JournalWriter.Open(journal.Directory, TempJournal.Options(policy: JournalFlushPolicy.OnClose)))
        {
            Assert.Equal(0, reopened.TruncatedBytesAtOpen);
        }

        using var reader = JournalReader.Open(journal.Directory, new JournalReadOptions());
        TempJournal.AssertRecords(reader, TempJournal.Range(0, 100));
    }
}
