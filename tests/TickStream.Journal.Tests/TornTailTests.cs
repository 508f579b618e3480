using System.Diagnostics;
using System.Globalization;
using TickStream.Journal.TornTailWriter;

namespace TickStream.Journal.Tests;

public class TornTailTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(30)]
    [InlineData(-1)]
    public void TruncatedLastRecord_ReaderStopsCleanlyAndWriterTruncatesThenAppends(int keepOfLastRecord)
    {
        using var journal = new TempJournal();
        journal.Write(100, TempJournal.Options(segmentSize: 1 << 20));
        string segment = journal.SegmentFiles()[^1];
        long lastOffset = OffsetOfRecord(journal.Directory, 99);
        long fullLength = new FileInfo(segment).Length;
        long cutAt = keepOfLastRecord < 0 ? fullLength - 1 : lastOffset + keepOfLastRecord;
        using (var stream = new FileStream(segment, FileMode.Open))
        {
            stream.SetLength(cutAt);
        }

        using (JournalReader reader = JournalReader.Open(journal.Directory))
        {
            TempJournal.AssertRecords(reader, TempJournal.Range(0, 99));
            Assert.False(reader.StoppedOnCorruption);
            JournalProblem torn = Assert.Single(reader.Problems);
            Assert.Equal(JournalProblemKind.TornTail, torn.Kind);
            Assert.Equal(lastOffset, torn.Offset);
            Assert.Equal(cutAt - lastOffset, torn.Length);
            Assert.Same(torn, reader.TornTail);
        }

        using (JournalWriter writer = JournalWriter.Open(journal.Directory, TempJournal.Options(segmentSize: 1 << 20)))
        {
            Assert.Equal(cutAt - lastOffset, writer.TruncatedBytesAtOpen);
            Assert.Equal(99, writer.RecoveredRecordsAtOpen);
            TempJournal.Append(writer, 99, 50);
        }

        using JournalReader after = JournalReader.Open(journal.Directory);
        TempJournal.AssertRecords(after, TempJournal.Range(0, 149));
        Assert.Empty(after.Problems);
    }

    [Theory]
    [InlineData("zeros")]
    [InlineData("garbage")]
    public void JunkAfterLastRecord_IsTornTailNotCorruption(string junk)
    {
        using var journal = new TempJournal();
        journal.Write(100, TempJournal.Options(segmentSize: 1 << 20));
        string segment = journal.SegmentFiles()[^1];
        long validLength = new FileInfo(segment).Length;
        var bytes = new byte[3000];
        if (junk == "garbage")
        {
            new Random(11).NextBytes(bytes);
        }

        using (var stream = new FileStream(segment, FileMode.Append))
        {
            stream.Write(bytes);
        }

        using (JournalReader reader = JournalReader.Open(journal.Directory))
        {
            TempJournal.AssertRecords(reader, TempJournal.Range(0, 100));
            Assert.Equal(JournalProblemKind.TornTail, Assert.Single(reader.Problems).Kind);
            Assert.Equal(validLength, reader.TornTail!.Offset);
        }

        using (JournalWriter writer = JournalWriter.Open(journal.Directory, TempJournal.Options(segmentSize: 1 << 20)))
        {
            Assert.Equal(3000, writer.TruncatedBytesAtOpen);
        }

        Assert.Equal(validLength, new FileInfo(segment).Length);
    }

    [Fact]
    public void LastSegmentWithPartialHeader_IsTornTailAndWriterRecreatesIt()
    {
        using var journal = new TempJournal();
        journal.Write(100, TempJournal.Options(segmentSize: 4096));
        string[] segments = journal.SegmentFiles();
        string next = Path.Combine(journal.Directory, (segments.Length + 1).ToString("D8", CultureInfo.InvariantCulture) + JournalFormat.SegmentExtension);
        File.WriteAllBytes(next, "TSJOUR"u8.ToArray());

        using (JournalReader reader = JournalReader.Open(journal.Directory))
        {
            TempJournal.AssertRecords(reader, TempJournal.Range(0, 100));
            Assert.Equal(JournalProblemKind.TornTail, reader.TornTail?.Kind);
            Assert.False(reader.StoppedOnCorruption);
        }

        using (JournalWriter writer = JournalWriter.Open(journal.Directory, TempJournal.Options(segmentSize: 4096)))
        {
            Assert.Equal(6, writer.TruncatedBytesAtOpen);
            TempJournal.Append(writer, 100, 10);
        }

        using JournalReader after = JournalReader.Open(journal.Directory);
        TempJournal.AssertRecords(after, TempJournal.Range(0, 110));
        Assert.Empty(after.Problems);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void KilledWriterProcess_EveryReportedRecordSurvivesAndWriterResumes(bool largeMode)
    {
        using var journal = new TempJournal();
        long target = largeMode ? 100 : 400;
        long reported = 0;
        var output = new List<string>();
        using var child = new Process();
        child.StartInfo = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        child.StartInfo.ArgumentList.Add("exec");
        child.StartInfo.ArgumentList.Add(WriterAssemblyPath());
        child.StartInfo.ArgumentList.Add(journal.Directory);
        child.StartInfo.ArgumentList.Add("16384");
        child.StartInfo.ArgumentList.Add("100000000");
        if (largeMode)
        {
            child.StartInfo.ArgumentList.Add("large");
        }
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("written ", StringComparison.Ordinal))
            {
                Volatile.Write(ref reported, long.Parse(line.AsSpan(8), CultureInfo.InvariantCulture));
            }
        };
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.Add(e.Data);
                }
            }
        };
        Assert.True(child.Start());
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        try
        {
            Assert.True(
                Poll.Until(() => Volatile.Read(ref reported) >= target || child.HasExited, TimeSpan.FromSeconds(120)),
                $"the child wrote only {Volatile.Read(ref reported)} records in time");
            Assert.False(child.HasExited, "the child writer exited early: " + string.Join('\n', output));
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            Assert.True(child.WaitForExit(30_000));
            child.WaitForExit();
        }

        // Every "written N" line was printed after record N-1 was fsynced, so at least that many are on disk.
        long durable = Volatile.Read(ref reported);
        Assert.True(durable >= target);
        long found;
        JournalProblem? tornTail;
        using (JournalReader reader = JournalReader.Open(journal.Directory))
        {
            var expected = new byte[SampleMessages.LargeLength];
            found = 0;
            foreach (JournalRecord record in reader)
            {
                int length = SampleMessages.Write(found, expected, largeMode);
                Assert.True(expected.AsSpan(0, length).SequenceEqual(record.Message), $"record {found} differs");
                Assert.Equal(SampleMessages.TimeOf(found), record.ReceiveTimeNs);
                found++;
            }

            Assert.True(found >= durable, $"{found} records survived, {durable} were reported durable");
            Assert.False(reader.StoppedOnCorruption, string.Join("; ", reader.Problems));
            tornTail = reader.TornTail;
            Assert.True(reader.Problems.Count == (tornTail is null ? 0 : 1), string.Join("; ", reader.Problems));
            Assert.True(reader.SegmentPaths.Count > 1, "the child should have rolled segments");
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"child reported {durable} durable, {found} found in {reader.SegmentPaths.Count} segments, tail {tornTail?.ToString() ?? "clean"}");
        }

        var expectedBuffer = new byte[SampleMessages.LargeLength];
        var options = new JournalWriterOptions { StreamName = "torn-tail-test", SegmentSize = 16384, FlushPolicy = JournalFlushPolicy.EveryRecord };
        using (JournalWriter writer = JournalWriter.Open(journal.Directory, options))
        {
            Assert.Equal(tornTail?.Length ?? 0, writer.TruncatedBytesAtOpen);
            TempJournal.Append(writer, found, 100);
        }

        using JournalReader after = JournalReader.Open(journal.Directory);
        long total = 0;
        foreach (JournalRecord record in after)
        {
            int length = SampleMessages.Write(total, expectedBuffer, largeMode && total < found);
            Assert.True(expectedBuffer.AsSpan(0, length).SequenceEqual(record.Message), $"record {total} differs after resuming");
            total++;
        }

        Assert.Equal(found + 100, total);
        Assert.Empty(after.Problems);
    }

    internal static long OffsetOfRecord(string directory, long index)
    {
        using JournalReader reader = JournalReader.Open(directory);
        long k = 0;
        foreach (JournalRecord record in reader)
        {
            if (k++ == index)
            {
                return record.Offset;
            }
        }

        throw new InvalidOperationException($"journal has only {k} records");
    }

    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
        ? host
        : "dotnet";

    private static string WriterAssemblyPath()
    {
        const string Name = "TickStream.Journal.TornTailWriter";
        string beside = Path.Combine(AppContext.BaseDirectory, Name + ".dll");
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, Name + ".runtimeconfig.json")))
        {
            return beside;
        }

        // The writer's own output folder: tests/<this>/bin/<config>/<tfm>/ -> tests/<writer>/bin/<config>/<tfm>/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string tfm = output.Name;
        string configuration = output.Parent!.Name;
        string tests = output.Parent.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(tests, Name, "bin", configuration, tfm, Name + ".dll");
    }
}
