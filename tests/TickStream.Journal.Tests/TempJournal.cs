using TickStream.Journal.TornTailWriter;

namespace TickStream.Journal.Tests;

/// <summary>A journal directory under the temp folder, deleted afterwards, with helpers to fill and check it.</summary>
internal sealed class TempJournal : IDisposable
{
    public const string StreamName = "test-stream";

    public TempJournal()
    {
        Directory = Path.Combine(Path.GetTempPath(), "tsj-" + Guid.NewGuid().ToString("N"));
    }

    public string Directory { get; }

    public static JournalWriterOptions Options(long segmentSize = 4096, JournalFlushPolicy policy = JournalFlushPolicy.OnClose, int indexEvery = 8) => new()
    {
        StreamName = StreamName,
        SegmentSize = segmentSize,
        FlushPolicy = policy,
        IndexEveryRecords = indexEvery,
    };

    /// <summary>Appends sample messages <paramref name="first"/> .. first+count-1.</summary>
    public static void Append(JournalWriter writer, long first, long count)
    {
        Span<byte> message = stackalloc byte[SampleMessages.MaxLength];
        for (long i = first; i < first + count; i++)
        {
            int length = SampleMessages.Write(i, message);
            writer.Append(message[..length], SampleMessages.TimeOf(i));
        }
    }

    public void Write(long count, JournalWriterOptions? options = null)
    {
        using JournalWriter writer = JournalWriter.Open(Directory, options ?? Options());
        Append(writer, 0, count);
    }

    /// <summary>Reads everything and checks record k is sample message <paramref name="expectedIndices"/>[k].</summary>
    public static void AssertRecords(JournalReader reader, IReadOnlyList<long> expectedIndices)
    {
        Span<byte> expected = stackalloc byte[SampleMessages.MaxLength];
        int k = 0;
        foreach (JournalRecord record in reader)
        {
            Assert.True(k < expectedIndices.Count, $"more records than the {expectedIndices.Count} expected");
            long i = expectedIndices[k];
            int length = SampleMessages.Write(i, expected);
            Assert.True(expected[..length].SequenceEqual(record.Message), $"record {k} is not sample message {i}");
            Assert.Equal(SampleMessages.TimeOf(i), record.ReceiveTimeNs);
            k++;
        }

        Assert.Equal(expectedIndices.Count, k);
    }

    public static long[] Range(long first, long count)
    {
        var indices = new long[count];
        for (long i = 0; i < count; i++)
        {
            indices[i] = first + i;
        }

        return indices;
    }

    public string[] SegmentFiles()
    {
        string[] files = System.IO.Directory.GetFiles(Directory, "*" + JournalFormat.SegmentExtension);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
