using TickStream.Journal;

namespace TickStream.FeedHandler.Tests;

/// <summary>The hand-over of sent heartbeats to the journal consumer: order, bounds, and what it drops.</summary>
public sealed class JournalHeartbeatsTests
{
    [Fact]
    public void WriteUpTo_JournalsEachHeartbeatOnlyAfterTheFrameItFollowed_InOrder()
    {
        using var files = new TempDirectory();
        var queue = new JournalHeartbeats(capacity: 8);
        Assert.True(queue.TryEnqueue("H|one"u8, afterSequence: 5));
        Assert.True(queue.TryEnqueue("H|two"u8, afterSequence: 7));

        using (var writer = JournalWriter.Open(files.PathOf("j"), new JournalWriterOptions { StreamName = "t" }))
        {
            Assert.Equal(0, queue.WriteUpTo(4, writer, 100));
            Assert.Equal(1, queue.WriteUpTo(6, writer, 200));
            Assert.Equal(1, queue.Count);
            Assert.Equal(1, queue.WriteUpTo(long.MaxValue, writer, 300));
            Assert.False(queue.HasAny());
        }

        using var reader = JournalReader.Open(files.PathOf("j"));
        var messages = new List<string>();
        while (reader.TryRead(out var record))
        {
            messages.Add(System.Text.Encoding.ASCII.GetString(record.Message));
        }

        Assert.Equal(["H|one", "H|two"], messages);
    }

    [Fact]
    public void TryEnqueue_FullOrOversized_DropsForTheJournalOnlyAndCounts()
    {
        var queue = new JournalHeartbeats(capacity: 2);
        Assert.True(queue.TryEnqueue("H|a"u8, 1));
        Assert.True(queue.TryEnqueue("H|b"u8, 2));
        Assert.False(queue.TryEnqueue("H|c"u8, 3));
        Assert.False(queue.TryEnqueue(new byte[JournalHeartbeats.SlotBytes + 1], 4));
        Assert.Equal(2, queue.Dropped);
        Assert.Equal(2, queue.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new JournalHeartbeats(capacity: 3));
    }
}
