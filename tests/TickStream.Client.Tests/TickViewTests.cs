using System.Text;

namespace TickStream.Client.Tests;

public sealed class TickViewTests
{
    /// <summary>The worked example of docs/WIRE.md section 5, byte for byte.</summary>
    private static readonly byte[] WorkedExample = Convert.FromHexString(
        "512e4141504c7c" +
        "6000020064000000" + "1204000000000000" + "1100000000000000" + "0000faed51728618" +
        "a861faed51728618" + "0300000001000000" + "4141504c00000000" + "0000000000000000" +
        "584e415300000000" + "8055493c2c000000" + "2c01000000000000" + "80827a3d2c000000" + "c800000000000000");

    /// <summary>
    /// BookUpdates whose group header lies: one entry of 5 bytes (too short for price, size, level, side and action),
    /// and 65 535 entries of 65 535 bytes (the product overflows a 32-bit int and must not pass the length check).
    /// </summary>
    [Theory]
    [InlineData(5, 1, 5)]
    [InlineData(ushort.MaxValue, ushort.MaxValue, 40)]
    public void BookUpdate_WithALyingGroupHeader_HasNoLevelsAndNeverThrows(int entryLength, int count, int bodyBytes)
    {
        var frame = new byte[8 + 64 + 4 + bodyBytes];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(frame, 64);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(2), 3);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(4), 100);
        "AAPL"u8.CopyTo(frame.AsSpan(8 + 40));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(8 + 64), (ushort)entryLength);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(8 + 64 + 2), (ushort)count);
        var levels = -1;
        using var subscriber = new TickSubscriber(new TickSubscriberOptions { Endpoints = { "tcp://127.0.0.1:1" } },
            (in TickView tick) =>
            {
                levels = tick.BookLevelCount;
                for (var i = 0; i < levels; i++)
                {
                    _ = tick.GetBookLevel(i);
                }
            });
        subscriber.Process(TestFrames.WithTopic("B.AAPL|", frame));
        Assert.Equal(0, subscriber.Counters.HandlerFaults);
        Assert.True(levels <= 0);
    }

    [Fact]
    public void Process_WorkedExampleQuote_ReadsEveryField()
    {
        var checkedFields = 0;
        using var subscriber = new TickSubscriber(new TickSubscriberOptions { Endpoints = { "tcp://127.0.0.1:1" } }, Check);
        subscriber.Process(WorkedExample);
        Assert.Equal(1, subscriber.Counters.Quotes);
        Assert.Equal(0, subscriber.Counters.Malformed);

        void Check(in TickView tick)
        {
            Assert.Equal(TickKind.Quote, tick.Kind);
            Assert.Equal("Q.AAPL|", Encoding.ASCII.GetString(tick.Topic));
            Assert.Equal("AAPL", Encoding.ASCII.GetString(tick.Symbol));
            Assert.Equal("XNAS", Encoding.ASCII.GetString(tick.Venue));
            Assert.Equal(1042UL, tick.StreamSeq);
            Assert.Equal(17UL, tick.SymbolSeq);
            Assert.Equal(1_767_225_600_000_000_000UL, tick.ExchangeTimeNs);
            Assert.Equal(1_767_225_600_000_025_000UL, tick.IngestTimeNs);
            Assert.Equal(3U, tick.InstrumentId);
            Assert.Equal((ushort)1, tick.StreamId);
            Assert.Equal(189.99m, Price9.ToDecimal(tick.BidPrice));
            Assert.Equal(300, tick.BidSize);
            Assert.Equal(190.01m, Price9.ToDecimal(tick.AskPrice));
            Assert.Equal(200, tick.AskSize);
            checkedFields++;
        }

        Assert.Equal(1, checkedFields);
    }

    [Fact]
    public void TradeField_OnAQuote_ThrowsInvalidOperation()
    {
        var threw = false;
        using var subscriber = new TickSubscriber(new TickSubscriberOptions { Endpoints = { "tcp://127.0.0.1:1" } }, (in TickView tick) =>
        {
            try
            {
                _ = tick.TradePrice;
            }
            catch (InvalidOperationException)
            {
                threw = true;
            }
        });
        subscriber.Process(WorkedExample);
        Assert.True(threw);
    }

    [Fact]
    public void Process_BlockLongerThanVersion0_StillDecodes()
    {
        // A newer sender appends 8 bytes to the Quote block: fields stay where they were.
        var longer = new byte[WorkedExample.Length + 8];
        WorkedExample.CopyTo(longer, 0);
        longer[7] = 104;
        ulong symbolSeq = 0;
        using var subscriber = new TickSubscriber(new TickSubscriberOptions { Endpoints = { "tcp://127.0.0.1:1" } }, (in TickView tick) => symbolSeq = tick.SymbolSeq);
        subscriber.Process(longer);
        Assert.Equal(17UL, symbolSeq);
    }

    [Fact]
    public void Process_BlockShorterThanTheTemplate_IsMalformed()
    {
        var shorter = WorkedExample[..^8];
        shorter[7] = 88;
        using var subscriber = new TickSubscriber(new TickSubscriberOptions { Endpoints = { "tcp://127.0.0.1:1" } });
        subscriber.Process(shorter);
        Assert.Equal(1, subscriber.Counters.Malformed);
        Assert.Equal(MalformedReason.TooShort, subscriber.LastMalformedReason);
    }
}
