using System.Buffers.Binary;

namespace TickStream.Journal.Tests;

public class CorruptionTests
{
    private const long Count = 600;

    public enum Damage
    {
        FlipMessageByte,
        FlipTimeByte,
        ImpossibleLength,
        ZeroLength,
    }

    [Theory]
    [InlineData(Damage.FlipMessageByte, 250)]
    [InlineData(Damage.FlipTimeByte, 250)]
    [InlineData(Damage.ImpossibleLength, 250)]
    [InlineData(Damage.ZeroLength, 250)]
    [InlineData(Damage.FlipMessageByte, 590)]
    [InlineData(Damage.FlipMessageByte, 0)]
    public void CorruptRecordInMiddle_WithoutSkip_ReportsWhereAndStops(Damage damage, long victim)
    {
        using var journal = new TempJournal();
        journal.Write(Count);
        (string segment, long offset, int size) = Damaged(journal, victim, damage);

        using JournalReader reader = JournalReader.Open(journal.Directory);
        TempJournal.AssertRecords(reader, TempJournal.Range(0, victim));
        Assert.True(reader.StoppedOnCorruption);
        JournalProblem problem = Assert.Single(reader.Problems);
        Assert.Equal(JournalProblemKind.CorruptRecord, problem.Kind);
        Assert.Equal(segment, problem.SegmentPath);
        Assert.Equal(offset, problem.Offset);
        Assert.Equal(size, problem.Length);
        Assert.Null(reader.TornTail);
    }

    [Theory]
    [InlineData(Damage.FlipMessageByte, 250)]
    [InlineData(Damage.ImpossibleLength, 250)]
    [InlineData(Damage.ZeroLength, 590)]
    public void CorruptRecordInMiddle_SkipCorrupt_ReportsAndReadsEverythingElse(Damage damage, long victim)
    {
        using var journal = new TempJournal();
        journal.Write(Count);
        (string segment, long offset, _) = Damaged(journal, victim, damage);
        var reported = new List<JournalProblem>();

        using JournalReader reader = JournalReader.Open(journal.Directory, new JournalReadOptions { SkipCorrupt = true, OnProblem = reported.Add });
        var expected = TempJournal.Range(0, Count).Where(i => i != victim).ToList();
        TempJournal.AssertRecords(reader, expected);
        Assert.False(reader.StoppedOnCorruption);
        JournalProblem problem = Assert.Single(reported);
        Assert.Equal(JournalProblemKind.CorruptRecord, problem.Kind);
        Assert.Equal(segment, problem.SegmentPath);
        Assert.Equal(offset, problem.Offset);
        Assert.Contains("next valid record", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void LastRecordOfEarlierSegmentTruncated_IsCorruptionNotTornTail()
    {
        using var journal = new TempJournal();
        journal.Write(Count);
        string first = journal.SegmentFiles()[0];
        using (var stream = new FileStream(first, FileMode.Open))
        {
            stream.SetLength(stream.Length - 3);
        }

        using JournalReader reader = JournalReader.Open(journal.Directory, new JournalReadOptions { SkipCorrupt = true });
        long records = 0;
        foreach (JournalRecord record in reader)
        {
            records++;
        }

        Assert.Equal(Count - 1, records);
        JournalProblem problem = Assert.Single(reader.Problems);
        Assert.Equal(JournalProblemKind.CorruptRecord, problem.Kind);
        Assert.Equal(first, problem.SegmentPath);
        Assert.Null(reader.TornTail);
    }

    [Fact]
    public void WriterReopen_CorruptionInLastSegment_KeepsItAndAppendsInNewSegment()
    {
        using var journal = new TempJournal();
        journal.Write(Count, TempJournal.Options(segmentSize: 1 << 20));
        (string segment, _, _) = Damaged(journal, 300, Damage.FlipMessageByte);
        long lengthBefore = new FileInfo(segment).Length;

        using (JournalWriter writer = JournalWriter.Open(journal.Directory, TempJournal.Options(segmentSize: 1 << 20)))
        {
            Assert.Equal(JournalProblemKind.CorruptRecord, Assert.Single(writer.OpenProblems).Kind);
            Assert.Equal(0, writer.TruncatedBytesAtOpen);
            Assert.NotEqual(segment, writer.CurrentSegmentPath);
            TempJournal.Append(writer, Count, 10);
        }

        Assert.Equal(lengthBefore, new FileInfo(segment).Length);
        using JournalReader reader = JournalReader.Open(journal.Directory, new JournalReadOptions { SkipCorrupt = true });
        TempJournal.AssertRecords(reader, TempJournal.Range(0, Count + 10).Where(i => i != 300).ToList());
    }

    /// <summary>Damages record <paramref name="victim"/> in place; returns its segment, offset and record size.</summary>
    internal static (string Segment, long Offset, int Size) Damaged(TempJournal journal, long victim, Damage damage)
    {
        string segment = string.Empty;
        long offset = 0;
        int size = 0;
        using (JournalReader reader = JournalReader.Open(journal.Directory, new JournalReadOptions { SkipCorrupt = true }))
        {
            long k = 0;
            foreach (JournalRecord record in reader)
            {
                if (k++ == victim)
                {
                    segment = reader.SegmentPaths[(int)record.SegmentNumber - 1];
                    offset = record.Offset;
                    size = JournalFormat.RecordHeaderLength + record.Message.Length;
                    break;
                }
            }
        }

        byte[] bytes = File.ReadAllBytes(segment);
        Span<byte> at = bytes.AsSpan((int)offset);
        switch (damage)
        {
            case Damage.FlipMessageByte:
                at[JournalFormat.RecordHeaderLength + 20] ^= 0x5A;
                break;
            case Damage.FlipTimeByte:
                at[6] ^= 0x01;
                break;
            case Damage.ImpossibleLength:
                BinaryPrimitives.WriteUInt32LittleEndian(at, 0xFFFFFF00u);
                break;
            case Damage.ZeroLength:
                BinaryPrimitives.WriteUInt32LittleEndian(at, 0);
                break;
        }

        File.WriteAllBytes(segment, bytes);
        return (segment, offset, size);
    }
}
