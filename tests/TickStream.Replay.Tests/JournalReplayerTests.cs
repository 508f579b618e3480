using TickStream.Journal;

namespace TickStream.Replay.Tests;

/// <summary>The replayer on loopback: byte identity, pacing, seeks, filters and corruption.</summary>
public sealed class JournalReplayerTests
{
    internal static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Replays to one subscriber of everything, waiting for it first; returns the summary and the received messages.</summary>
    internal static (ReplaySummary Summary, List<byte[]> Received) ReplayToCollector(string directory, double speed,
        JournalReadOptions? read = null, int expected = -1)
    {
        using var replayer = new JournalReplayer(new ReplayOptions
        {
            Directory = directory,
            Publish = "tcp://127.0.0.1:*",
            Speed = speed,
            Read = read,
            WaitForSubscriptions = 1,
            WaitTimeout = Deadline,
        });
        replayer.Bind();
        using var collector = new FrameCollector(replayer.Endpoint);
        var summary = replayer.Run(TestContext.Current.CancellationToken);
        Assert.True(replayer.Subscriptions >= 1, "the subscriber was there before the first frame");
        if (expected >= 0)
        {
            Assert.True(collector.WaitUntilCount(expected, Deadline), $"received {collector.Count} of {expected}");
        }

        collector.WaitUntilQuiet(TimeSpan.FromMilliseconds(200), Deadline);
        return (summary, collector.Snapshot());
    }

    [Fact]
    public void Replay_MaxSpeed_SendsEveryRecordByteIdenticalInOrder()
    {
        using var files = new TestJournal();
        var (directory, records) = files.WriteQuotes("j", 5_000, 1_000, "AAPL", "MSFT", "BRK.B");

        var (summary, received) = ReplayToCollector(directory, ReplaySpeed.Max, expected: records.Count);

        Assert.Equal(records.Count, summary.FramesSent);
        Assert.Equal(records.Count, received.Count);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.True(records[i].Message.AsSpan().SequenceEqual(received[i]), $"message {i} differs");
        }

        Assert.Equal(TestJournal.StartNs, summary.FirstRecordedNs);
        Assert.Equal(records[^1].TimeNs, summary.LastRecordedNs);
        Assert.Equal(0, summary.Lateness.Count);
    }


    [Fact]
    public void Replay_OnlyHeartbeatAndStreamStartSubscriptions_DoNotStartItAndNothingIsSent()
    {
        using var files = new TestJournal();
        var (directory, _) = files.WriteQuotes("j", 100, 1_000, "AAPL");
        using var replayer = new JournalReplayer(new ReplayOptions
        {
            Directory = directory,
            Publish = "tcp://127.0.0.1:*",
            Speed = ReplaySpeed.Max,
            WaitForSubscriptions = 1,
            WaitTimeout = TimeSpan.FromMilliseconds(500),
        });
        replayer.Bind();
        using var control = new FrameCollector(replayer.Endpoint, "H|", "S|");
        TestJournal.WaitFor(() =>
        {
            replayer.Run(TestContext.Current.CancellationToken);
            return replayer.Subscriptions >= 2;
        }, Deadline, "the control subscriptions arrived");

        var summary = replayer.Run(TestContext.Current.CancellationToken);
        Assert.True(summary.WaitTimedOut);
        Assert.Equal(0, summary.FramesSent);
        Assert.Equal(0, replayer.DataSubscriptions);
    }

    [Fact]
    public void Replay_WaitsForADataSubscription_ReportsItInTheSummary()
    {
        using var files = new TestJournal();
        var (directory, records) = files.WriteQuotes("j", 200, 1_000, "AAPL");
        var (summary, received) = ReplayToCollector(directory, ReplaySpeed.Max, expected: records.Count);
        Assert.False(summary.WaitTimedOut);
        Assert.True(summary.DataSubscriptionsAtStart >= 1);
        Assert.Equal(records.Count, received.Count);
        Assert.Null(summary.Delivered);
    }

    [Fact]
    public void Replay_FromToWindow_SendsExactlyTheRecordsInsideIt()
    {
        using var files = new TestJournal();
        var (directory, records) = files.WriteQuotes("j", 3_000, 1_000_000, "AAPL", "MSFT");
        var from = TestJournal.StartNs + (1_000 * 1_000_000L);
        var to = TestJournal.StartNs + (1_999 * 1_000_000L);
        var expected = records.FindAll(r => r.TimeNs >= from && r.TimeNs <= to);

        var (summary, received) = ReplayToCollector(directory, ReplaySpeed.Max,
            new JournalReadOptions { FromTimeNs = from, ToTimeNs = to }, expected.Count);

        Assert.Equal(1_000, expected.Count);
        Assert.Equal(expected.Count, received.Count);
        Assert.Equal(expected.Count, summary.FramesSent);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].Message.AsSpan().SequenceEqual(received[i]), $"message {i} differs");
        }

        Assert.Equal(from, summary.FirstRecordedNs);
        Assert.Equal(to, summary.LastRecordedNs);
    }

    [Fact]
    public void Replay_SymbolFilter_SendsOnlyThatSymbolsFrames()
    {
        using var files = new TestJournal();
        var (directory, records) = files.WriteQuotes("j", 3_000, 1_000, "AAPL", "AAPLX", "MSFT");
        var expected = records.FindAll(r => r.Message.AsSpan().StartsWith("Q.AAPL|"u8));

        var (summary, received) = ReplayToCollector(directory, ReplaySpeed.Max,
            new JournalReadOptions { Symbols = ["AAPL"] }, expected.Count);

        Assert.Equal(1_000, expected.Count);
        Assert.Equal(expected.Count, received.Count);
        Assert.All(received, m => Assert.True(m.AsSpan().StartsWith("Q.AAPL|"u8)));
        Assert.Equal(2_000, summary.FramesSkipped);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Replay_CorruptRecordInTheMiddle_StopsThereOrSkipsIt(bool skipCorrupt)
    {
        using var files = new TestJournal();
        var (directory, records) = files.WriteQuotes("j", 1_000, 1_000, "AAPL");

        // Flip one byte in the message of record 500: its CRC no longer matches.
        var segment = Path.Combine(directory, "00000001.tsj");
        var bytes = File.ReadAllBytes(segment);
        long offset = 128;
        for (var i = 0; i < 500; i++)
        {
            offset += 16 + records[i].Message.Length;
        }

        bytes[offset + 16 + 20] ^= 0xFF;
        File.WriteAllBytes(segment, bytes);

        var expected = skipCorrupt ? records.Count - 1 : 500;
        var (summary, received) = ReplayToCollector(directory, ReplaySpeed.Max,
            new JournalReadOptions { SkipCorrupt = skipCorrupt }, expected);

        Assert.Equal(expected, summary.FramesSent);
        Assert.Equal(expected, received.Count);
        Assert.Equal(!skipCorrupt, summary.StoppedOnCorruption);
        var problem = Assert.Single(summary.Problems);
        Assert.Equal(JournalProblemKind.CorruptRecord, problem.Kind);
        Assert.Equal(offset, problem.Offset);
        var after = skipCorrupt ? records[501..] : [];
        for (var i = 0; i < after.Count; i++)
        {
            Assert.True(after[i].Message.AsSpan().SequenceEqual(received[500 + i]), $"message {501 + i} differs");
        }
    }

    [Fact]
    public void Replay_MissingDirectory_ThrowsJournalExceptionNamingIt()
    {
        using var replayer = new JournalReplayer(new ReplayOptions { Directory = "no-such-journal-dir", Publish = "tcp://127.0.0.1:*" });
        var e = Assert.Throws<JournalException>(() => replayer.Run(TestContext.Current.CancellationToken));
        Assert.Contains("no-such-journal-dir", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("max", double.PositiveInfinity)]
    [InlineData("1", 1.0)]
    [InlineData("10x", 10.0)]
    [InlineData("0.5", 0.5)]
    public void Speed_Parse_AcceptsFactorsAndMax(string text, double expected)
    {
        Assert.True(ReplaySpeed.TryParse(text, out var speed, out var error), error);
        Assert.Equal(expected, speed);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("fast")]
    public void Speed_ParseBad_SaysWhy(string text)
    {
        Assert.False(ReplaySpeed.TryParse(text, out _, out var error));
        Assert.Contains(text, error!, StringComparison.Ordinal);
    }

    [Fact]
    public void Time_Parse_IsoAndNanoseconds_Agree()
    {
        Assert.True(ReplayTime.TryParse("2026-01-01T00:00:00.5Z", out var iso, out _));
        Assert.True(ReplayTime.TryParse("1767225600500000000", out var ns, out _));
        Assert.Equal(TestJournal.StartNs + 500_000_000, iso);
        Assert.Equal(iso, ns);
        Assert.Equal("2026-01-01T00:00:00.500000000Z", ReplayTime.Format(iso));
        Assert.False(ReplayTime.TryParse("yesterday", out _, out var error));
        Assert.Contains("yesterday", error!, StringComparison.Ordinal);
    }
}
