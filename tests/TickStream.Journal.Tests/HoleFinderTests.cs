using System.Buffers.Binary;
using System.Text;

namespace TickStream.Journal.Tests;

public sealed class HoleFinderTests
{
    private static readonly string[] Symbols = ["AAPL", "MSFT", "SPY"];

    /// <summary>A Quote frame as the feed publishes it (docs/WIRE.md): topic, SBE header, the shared prefix.</summary>
    private static byte[] Quote(string symbol, ulong streamSeq, ulong symbolSeq, ushort streamId = 1)
    {
        var topic = Encoding.ASCII.GetBytes("Q." + symbol + "|");
        var message = new byte[topic.Length + 8 + 96];
        topic.CopyTo(message, 0);
        var frame = message.AsSpan(topic.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(frame, 96);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[2..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[4..], 100);
        var block = frame[8..];
        BinaryPrimitives.WriteUInt64LittleEndian(block, streamSeq);
        BinaryPrimitives.WriteUInt64LittleEndian(block[8..], symbolSeq);
        BinaryPrimitives.WriteUInt32LittleEndian(block[32..], (uint)Array.IndexOf(Symbols, symbol) + 1);
        BinaryPrimitives.WriteUInt16LittleEndian(block[36..], streamId);
        Encoding.ASCII.GetBytes(symbol, block[40..]);
        return message;
    }

    private static byte[] Heartbeat(ulong lastSeq, ushort streamId = 1)
    {
        var message = new byte[2 + 8 + 18];
        "H|"u8.CopyTo(message);
        var frame = message.AsSpan(2);
        BinaryPrimitives.WriteUInt16LittleEndian(frame, 18);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[2..], 4);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[4..], 100);
        BinaryPrimitives.WriteUInt64LittleEndian(frame[8..], lastSeq);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[24..], streamId);
        return message;
    }

    /// <summary>Frames 1..count of one stream, round robin over the symbols, each symbol numbering its own.</summary>
    private static List<(ulong StreamSeq, byte[] Message)> Stream(int count)
    {
        var frames = new List<(ulong, byte[])>();
        var perSymbol = new ulong[Symbols.Length];
        for (ulong seq = 1; seq <= (ulong)count; seq++)
        {
            var s = (int)(seq % (ulong)Symbols.Length);
            frames.Add((seq, Quote(Symbols[s], seq, ++perSymbol[s])));
        }

        return frames;
    }

    [Fact]
    public void EveryFrameJournaled_ButTwoRuns_FindsBothExactlyTheLastOneFromTheHeartbeat()
    {
        var finder = new JournalHoleFinder();
        foreach (var (seq, message) in Stream(1_000))
        {
            if (seq is (>= 101 and <= 350) or > 900)
            {
                continue; // not journaled
            }

            finder.Observe(message, 1);
            if (seq % 100 == 0)
            {
                finder.Observe(Heartbeat(seq), 1);
            }
        }

        finder.Observe(Heartbeat(1_000), 1);
        Assert.Collection(finder.Holes,
            hole => Assert.Equal((1, 100UL, 351UL, 250L), (hole.StreamId, hole.AfterSeq, hole.BeforeSeq, hole.MissingFrames)),
            hole => Assert.Equal((1, 900UL, 1_001UL, 100L), (hole.StreamId, hole.AfterSeq, hole.BeforeSeq, hole.MissingFrames)));
        Assert.Equal(350, finder.MissingFrames);
        Assert.StartsWith("250 frames missing in stream 1 between seq 100 and 351", finder.Holes[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void OneSymbolJournaled_NoLoss_FindsNoHole_ThenALoss_CountsItsFrames()
    {
        var finder = new JournalHoleFinder();
        var aaplSeen = 0;
        foreach (var (seq, message) in Stream(3_000))
        {
            if (!message.AsSpan().StartsWith("Q.AAPL|"u8))
            {
                continue; // recorded with one symbol: the others are not in the journal, and not missing
            }

            aaplSeen++;
            if (aaplSeen is > 500 and <= 540)
            {
                continue; // lost
            }

            finder.Observe(message, 1);
            if (seq % 100 == 0)
            {
                finder.Observe(Heartbeat(seq), 1);
            }
        }

        var hole = Assert.Single(finder.Holes);
        Assert.Equal(40, hole.MissingFrames);
        Assert.True(hole.AfterSeq < hole.BeforeSeq);
    }

    [Fact]
    public void NewSession_RestartsTheSequences_WithoutAHole()
    {
        var finder = new JournalHoleFinder();
        foreach (var session in (ReadOnlySpan<ulong>)[7, 8])
        {
            var start = new byte[2 + 8 + 18 + 2];
            "S|"u8.CopyTo(start);
            BinaryPrimitives.WriteUInt16LittleEndian(start.AsSpan(2), 18);
            BinaryPrimitives.WriteUInt16LittleEndian(start.AsSpan(4), 5);
            BinaryPrimitives.WriteUInt16LittleEndian(start.AsSpan(6), 100);
            BinaryPrimitives.WriteUInt64LittleEndian(start.AsSpan(10), session);
            BinaryPrimitives.WriteUInt16LittleEndian(start.AsSpan(26), 1);
            finder.Observe(start, 1);
            foreach (var (_, message) in Stream(200))
            {
                finder.Observe(message, 1);
            }
        }

        Assert.Empty(finder.Holes);
    }
}
