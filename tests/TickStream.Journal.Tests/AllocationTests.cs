using TickStream.Journal.TornTailWriter;

namespace TickStream.Journal.Tests;

public class AllocationTests
{
    private const int Warmup = 20_000;
    private const int Measured = 100_000;

    [Theory]
    [InlineData(JournalFlushPolicy.Interval)]
    [InlineData(JournalFlushPolicy.OnClose)]
    public void Append_SteadyState_AllocatesNothingPerRecord(JournalFlushPolicy policy)
    {
        using var journal = new TempJournal();
        var options = new JournalWriterOptions { StreamName = TempJournal.StreamName, FlushPolicy = policy, FlushInterval = TimeSpan.FromMilliseconds(1) };
        using JournalWriter writer = JournalWriter.Open(journal.Directory, options);
        var message = new byte[SampleMessages.MaxLength];
        int length = SampleMessages.Write(7, message);
        AppendRange(writer, message.AsSpan(0, length), 0, Warmup, flushEvery: 1);

        // Each attempt appends the next records, so every attempt writes and flushes as much as the first.
        long next = Warmup;
        long allocated = Allocation.FewestBytes(() =>
        {
            AppendRange(writer, message.AsSpan(0, length), next, next + Measured, flushEvery: 64);
            next += Measured;
        });

        Assert.True(writer.Fsyncs > 0 || policy == JournalFlushPolicy.OnClose);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Append_EveryRecordPolicy_AllocatesNothingPerRecord()
    {
        using var journal = new TempJournal();
        using JournalWriter writer = JournalWriter.Open(journal.Directory, TempJournal.Options(segmentSize: 1 << 24, policy: JournalFlushPolicy.EveryRecord));
        var message = new byte[SampleMessages.MaxLength];
        int length = SampleMessages.Write(3, message);
        AppendRange(writer, message.AsSpan(0, length), 0, 200, flushEvery: 0);

        long next = 200;
        long allocated = Allocation.FewestBytes(() =>
        {
            AppendRange(writer, message.AsSpan(0, length), next, next + 1000, flushEvery: 0);
            next += 1000;
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Read_SteadyState_AllocatesNothingPerRecord()
    {
        using var journal = new TempJournal();
        journal.Write(Warmup + Measured + 5000, TempJournal.Options(segmentSize: 64L << 20, indexEvery: 1024));
        long checksum = 0;

        // Each attempt reads the same records with a fresh reader, warmed up over the records before them.
        long allocated = Allocation.FewestBytes(
            () =>
            {
                JournalReader reader = JournalReader.Open(journal.Directory, new JournalReadOptions { Symbols = ["AAPL", "MSFT", "SPY", "BRK.B", "ES-Z6"] });
                checksum += ReadRecords(reader, Warmup);
                return reader;
            },
            reader => checksum += ReadRecords(reader, Measured));

        Assert.NotEqual(0, checksum);

        // Alone this measures 0; under a parallel test run the runtime has been seen to add a few KB once (tiered
        // recompilation). Any allocation per record would be at least 24 bytes a record, 2.4 MB here.
        Assert.True(allocated < Measured / 10, $"{allocated} bytes over {Measured} records");
    }

    private static void AppendRange(JournalWriter writer, ReadOnlySpan<byte> message, long from, long to, int flushEvery)
    {
        for (long i = from; i < to; i++)
        {
            writer.Append(message, SampleMessages.TimeOf(i));
            if (flushEvery > 0 && (i - from) % flushEvery == 0)
            {
                writer.Flush();
            }
        }
    }

    private static long ReadRecords(JournalReader reader, int count)
    {
        long checksum = 0;
        for (int i = 0; i < count; i++)
        {
            Assert.True(reader.TryRead(out JournalRecord record));
            checksum += record.Message[^1] + record.ReceiveTimeNs;
        }

        return checksum;
    }
}
