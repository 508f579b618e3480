using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using TickStream.Journal;
using TickStream.Testing;

namespace TickStream.Reliability.Tests;

/// <summary>
/// The edges of a finite stream, through the real program: a subscriber that connects first gets every frame of a
/// CSV fed with the defaults and of a journal replayed at full speed, also when it stops reading for 3 s midway,
/// because the publishers wait for its subscription before the first frame and write their queue before they exit.
/// </summary>
public sealed class StreamEdgeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public void FeedCsv_DefaultOptions_SubscriberStartedFirstReceivesEveryRow()
    {
        const int rows = 20_000;
        using var files = new TempDirectory();
        var csv = files.PathOf("ticks.csv");
        WriteCsv(csv, rows);
        var endpoint = $"tcp://127.0.0.1:{Ports.FreeBelowEphemeralRange()}";

        // Connects before the feed binds: ZeroMQ keeps trying until it can.
        using var subscriber = new FrameCollector(endpoint);
        var cli = ChildProcess.AssemblyPath("tickstream", "clients/TickStream.Cli");
        using var feed = ChildProcess.StartDotnet("feed", cli, ["feed", "--source", "csv:" + csv, "--pub", endpoint, "--stats-interval", "00:01:00"]);

        Assert.True(feed.WaitForExit(Deadline), feed.Log());
        Assert.True(feed.ExitCode == 0, feed.Log());
        Assert.True(subscriber.WaitUntilCount(rows, Deadline), $"received {subscriber.Count}\n{feed.Log()}");
        Assert.Equal(rows, subscriber.CountTopic("T.") + subscriber.CountTopic("Q."));
    }

    [Fact]
    public void ReplayMax_SubscriberPausedThreeSecondsMidway_ReceivesEveryFrameInOrder()
    {
        const int frames = 300_000;
        using var files = new TempDirectory();
        var journal = files.PathOf("journal");
        WriteJournal(journal, frames);
        var endpoint = $"tcp://127.0.0.1:{Ports.FreeBelowEphemeralRange()}";

        // The replay's send HWM (a million by default) is above the whole journal, so a pause costs the replay
        // memory, never frames; the subscriber's receive HWM only holds its reading back.
        using var subscriber = new FrameCollector(endpoint);
        var cli = ChildProcess.AssemblyPath("tickstream", "clients/TickStream.Cli");
        using var replay = ChildProcess.StartDotnet("replay", cli, ["replay", journal, "--pub", endpoint, "--speed", "max"]);

        // Paused from its first frame: whatever the machine's speed, most of the replay is sent while it does not read.
        Assert.True(subscriber.WaitUntilCount(1, Deadline), replay.Log());
        subscriber.Paused = true;
        var pause = Stopwatch.StartNew();
        Poll.Until(() => pause.Elapsed >= TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4));
        subscriber.Paused = false;

        Assert.True(replay.WaitForExit(Deadline), replay.Log());
        Assert.True(replay.ExitCode == 0, replay.Log());
        Assert.True(subscriber.WaitUntilCount(frames, Deadline), $"received {subscriber.Count} of {frames}\n{replay.Log()}");
        var received = subscriber.Snapshot();
        Assert.Equal(frames, received.Count);
        for (var i = 0; i < frames; i++)
        {
            Assert.True(Index(received[i]) == i, $"message {i} carries index {Index(received[i])}");
        }

        Assert.Contains(replay.Lines(), line => line.StartsWith("not delivered    0", StringComparison.Ordinal));
    }

    [Fact]
    public void Replay_NoSubscriberWithinTheWait_ExitsOneSayingNothingWasSent()
    {
        using var files = new TempDirectory();
        var journal = files.PathOf("journal");
        WriteJournal(journal, 100);
        var cli = ChildProcess.AssemblyPath("tickstream", "clients/TickStream.Cli");
        using var replay = ChildProcess.StartDotnet("replay", cli,
            ["replay", journal, "--pub", $"tcp://127.0.0.1:{Ports.FreeBelowEphemeralRange()}", "--speed", "max", "--wait-timeout", "00:00:00.5"]);

        Assert.True(replay.WaitForExit(Deadline), replay.Log());
        Assert.True(replay.ExitCode == 1, replay.Log());
        Assert.Contains("nothing was sent", replay.Log(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReplayMax_SubscriberStalledPastTheLinger_ExitsOneSayingFramesWereNotDelivered()
    {
        const int frames = 200_000;
        using var files = new TempDirectory();
        var journal = files.PathOf("journal");
        WriteJournal(journal, frames);
        var endpoint = $"tcp://127.0.0.1:{Ports.FreeBelowEphemeralRange()}";

        // A small receive HWM and kernel buffer: stalled, it holds far less than the replay sends.
        using var subscriber = new FrameCollector(endpoint, [], receiveHighWatermark: 100);
        var cli = ChildProcess.AssemblyPath("tickstream", "clients/TickStream.Cli");
        subscriber.Paused = true;
        using var replay = ChildProcess.StartDotnet("replay", cli, ["replay", journal, "--pub", endpoint, "--speed", "max", "--linger", "00:00:01"]);

        // Bounded by the linger: the stalled subscriber does not hold the replay.
        Assert.True(replay.WaitForExit(Deadline), replay.Log());
        subscriber.Paused = false;
        Assert.True(replay.ExitCode == 1, replay.Log());
        Assert.Contains("not every frame sent was delivered", replay.Log(), StringComparison.Ordinal);
    }

    private static long Index(byte[] message) => BinaryPrimitives.ReadInt64LittleEndian(message.AsSpan(Topic.Length));

    private static readonly byte[] Topic = "Q.EDGE|"u8.ToArray();

    // Frames whose content is their index, 100 bytes like a Quote, 1 us apart in recorded time.
    private static void WriteJournal(string directory, int count)
    {
        var message = new byte[100];
        Topic.CopyTo(message, 0);
        using var writer = JournalWriter.Open(directory, new JournalWriterOptions { StreamName = "edges" });
        var start = 1_700_000_000_000_000_000L;
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(message.AsSpan(Topic.Length), i);
            writer.Append(message, start + (i * 1_000L));
        }
    }

    private static void WriteCsv(string path, int rows)
    {
        var text = new StringBuilder("time,symbol,type,price,size,side,bid,bid_size,ask,ask_size,trade_id\n");
        string[] symbols = ["AAPL", "MSFT", "SPY", "NVDA", "IBM"];
        var start = 1_709_303_400_000_000_000L;
        for (var i = 0; i < rows; i++)
        {
            var time = start + (i * 1_000L);
            if (i % 5 == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{time},{symbols[i % 5]},T,190.01,200,B,,,,,{i + 1}\n");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"{time},{symbols[i % 5]},Q,,,,189.99,500,190.01,700,\n");
            }
        }

        File.WriteAllText(path, text.ToString());
    }
}
