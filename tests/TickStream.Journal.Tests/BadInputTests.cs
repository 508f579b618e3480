using System.Buffers.Binary;

namespace TickStream.Journal.Tests;

public class BadInputTests
{
    [Fact]
    public void MissingDirectory_ReaderAndInspector_ThrowJournalExceptionNamingIt()
    {
        string missing = Path.Combine(Path.GetTempPath(), "tsj-missing-" + Guid.NewGuid().ToString("N"));
        var read = Assert.Throws<JournalException>(() => JournalReader.Open(missing));
        Assert.Contains(missing, read.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", read.Message, StringComparison.Ordinal);
        Assert.Throws<JournalException>(() => JournalInspector.Inspect(missing));
    }

    [Fact]
    public void EmptyDirectory_ReaderAndInspector_ThrowJournalException()
    {
        using var journal = new TempJournal();
        Directory.CreateDirectory(journal.Directory);
        File.WriteAllText(Path.Combine(journal.Directory, "notes.txt"), "not a segment");
        var e = Assert.Throws<JournalException>(() => JournalReader.Open(journal.Directory));
        Assert.Contains("no segment file", e.Message, StringComparison.Ordinal);
        Assert.Throws<JournalException>(() => JournalInspector.Inspect(journal.Directory));
    }

    public static TheoryData<string> BadHeaders() => ["garbage", "wrong-magic", "wrong-version", "bad-crc", "truncated-header", "wrong-number"];

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void BadFirstSegment_ReaderReportsWhereAndWhyAndStops(string damage)
    {
        using var journal = new TempJournal();
        journal.Write(200);
        string first = journal.SegmentFiles()[0];
        Spoil(first, damage);

        using (JournalReader reader = JournalReader.Open(journal.Directory))
        {
            Assert.False(reader.TryRead(out _));
            Assert.True(reader.StoppedOnCorruption);
            JournalProblem problem = Assert.Single(reader.Problems);
            Assert.Equal(JournalProblemKind.BadSegmentHeader, problem.Kind);
            Assert.Equal(first, problem.SegmentPath);
            Assert.Contains(ExpectedReason(damage), problem.Detail, StringComparison.Ordinal);
        }

        using (JournalReader skipping = JournalReader.Open(journal.Directory, new JournalReadOptions { SkipCorrupt = true }))
        {
            long records = 0;
            foreach (JournalRecord record in skipping)
            {
                records++;
            }

            Assert.True(records is > 0 and < 200);
            Assert.Single(skipping.Problems);
        }

        JournalInspection inspection = JournalInspector.Inspect(journal.Directory);
        Assert.Equal(1, inspection.BadSegments);
        Assert.Contains(ExpectedReason(damage), inspection.ToText(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void BadLastSegment_WriterRefusesWithJournalException(string damage)
    {
        using var journal = new TempJournal();
        journal.Write(10, TempJournal.Options(segmentSize: 1 << 20));
        string only = journal.SegmentFiles()[^1];
        Spoil(only, damage);
        if (damage == "truncated-header")
        {
            // A last segment shorter than a header is what a writer killed while creating it leaves: recreated.
            using JournalWriter writer = JournalWriter.Open(journal.Directory, TempJournal.Options(segmentSize: 1 << 20));
            Assert.Equal(100, writer.TruncatedBytesAtOpen);
            return;
        }

        var e = Assert.Throws<JournalException>(() => JournalWriter.Open(journal.Directory, TempJournal.Options(segmentSize: 1 << 20)));
        Assert.Contains(only, e.Message, StringComparison.Ordinal);
        Assert.Contains(ExpectedReason(damage), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GarbageOnlySegment_ReaderReportsBadHeader()
    {
        using var journal = new TempJournal();
        Directory.CreateDirectory(journal.Directory);
        var garbage = new byte[5000];
        new Random(5).NextBytes(garbage);
        File.WriteAllBytes(Path.Combine(journal.Directory, "00000001.tsj"), garbage);
        using JournalReader reader = JournalReader.Open(journal.Directory);
        Assert.False(reader.TryRead(out _));
        Assert.Equal(JournalProblemKind.BadSegmentHeader, Assert.Single(reader.Problems).Kind);
        Assert.Contains("wrong magic", reader.Problems[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_DifferentStreamName_ThrowsJournalException()
    {
        using var journal = new TempJournal();
        journal.Write(10);
        var e = Assert.Throws<JournalException>(() => JournalWriter.Open(journal.Directory, new JournalWriterOptions { StreamName = "other" }));
        Assert.Contains("'other'", e.Message, StringComparison.Ordinal);
        Assert.Contains(TempJournal.StreamName, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_SecondWriterOnSameDirectory_ThrowsJournalException()
    {
        using var journal = new TempJournal();
        using JournalWriter first = JournalWriter.Open(journal.Directory, TempJournal.Options());
        var e = Assert.Throws<JournalException>(() => JournalWriter.Open(journal.Directory, TempJournal.Options()));
        Assert.Contains("another writer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriterOptions_OutOfRange_ThrowArgumentException()
    {
        using var journal = new TempJournal();
        Assert.Throws<ArgumentException>(() => JournalWriter.Open(journal.Directory, new JournalWriterOptions { StreamName = "" }));
        Assert.Throws<ArgumentException>(() => JournalWriter.Open(journal.Directory, new JournalWriterOptions { StreamName = new string('x', 65) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => JournalWriter.Open(journal.Directory, new JournalWriterOptions { StreamName = "s", SegmentSize = 100 }));
    }

    private static void Spoil(string segment, string damage)
    {
        byte[] bytes = File.ReadAllBytes(segment);
        switch (damage)
        {
            case "garbage":
                new Random(1).NextBytes(bytes.AsSpan(0, JournalFormat.SegmentHeaderLength));
                break;
            case "wrong-magic":
                bytes[0] = (byte)'X';
                break;
            case "wrong-version":
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 99);
                break;
            case "bad-crc":
                bytes[40] ^= 0xFF;
                break;
            case "truncated-header":
                bytes = bytes[..100];
                break;
            case "wrong-number":
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 77);
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(124), Crc32C.Compute(bytes.AsSpan(0, 124)));
                break;
        }

        File.WriteAllBytes(segment, bytes);
    }

    private static string ExpectedReason(string damage) => damage switch
    {
        "garbage" or "wrong-magic" => "wrong magic",
        "wrong-version" => "unsupported format version 99",
        "bad-crc" => "header CRC mismatch",
        "truncated-header" => "header truncated",
        _ => "file is named for segment",
    };
}
