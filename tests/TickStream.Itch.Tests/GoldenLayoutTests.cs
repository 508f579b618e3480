using TickStream.Itch.Messages;

namespace TickStream.Itch.Tests;

/// <summary>
/// Byte layouts written out by hand from the field tables of the TotalView-ITCH 5.0 specification, each line
/// commented with the field's offset. The writer must produce exactly these bytes and the views must read them back.
/// </summary>
public sealed class GoldenLayoutTests
{
    private const long Timestamp = 0x010203040506; // 1108152157446 ns after midnight

    [Fact]
    public void AddOrder_HandWrittenBytes_MatchWriterAndView()
    {
        byte[] expected =
        [
            0x00, 0x24,                                     //    length prefix: 36
            0x41,                                           //  0 Message Type 'A'
            0x00, 0x07,                                     //  1 Stock Locate 7
            0x00, 0x02,                                     //  3 Tracking Number 2
            0x01, 0x02, 0x03, 0x04, 0x05, 0x06,             //  5 Timestamp (6 bytes)
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x39, // 11 Order Reference Number 12345
            0x42,                                           // 19 Buy/Sell Indicator 'B'
            0x00, 0x00, 0x00, 0x64,                         // 20 Shares 100
            0x41, 0x41, 0x50, 0x4C, 0x20, 0x20, 0x20, 0x20, // 24 Stock "AAPL    "
            0x00, 0x1C, 0x27, 0x08,                         // 32 Price 184.5000 as Price(4) 1845000
        ];

        var written = new ItchTestWriter { TrackingNumber = 2 }.AddOrder(7, Timestamp, 12345, 'B', 100, "AAPL", 1_845_000).ToArray();

        Assert.Equal(expected, written);
        var view = new AddOrderMessage(expected.AsSpan(2));
        Assert.Equal(AddOrderMessage.Length, expected.Length - 2);
        Assert.Equal((ushort)7, view.StockLocate);
        Assert.Equal((ushort)2, view.TrackingNumber);
        Assert.Equal(Timestamp, view.Timestamp);
        Assert.Equal(12345UL, view.OrderReferenceNumber);
        Assert.Equal(ItchSide.Buy, view.Side);
        Assert.Equal(100U, view.Shares);
        Assert.Equal("AAPL"u8.ToArray(), view.StockTrimmed.ToArray());
        Assert.Equal(1_845_000U, view.Price);
        Assert.Equal(184_500_000_000L, view.PriceE9);
    }

    [Fact]
    public void OrderExecuted_HandWrittenBytes_MatchWriterAndView()
    {
        byte[] expected =
        [
            0x00, 0x1F,                                     //    length prefix: 31
            0x45,                                           //  0 Message Type 'E'
            0x00, 0x07,                                     //  1 Stock Locate 7
            0x00, 0x02,                                     //  3 Tracking Number 2
            0x01, 0x02, 0x03, 0x04, 0x05, 0x06,             //  5 Timestamp
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x39, // 11 Order Reference Number 12345
            0x00, 0x00, 0x00, 0x28,                         // 19 Executed Shares 40
            0x00, 0x00, 0x00, 0x00, 0x3A, 0xDE, 0x68, 0xB1, // 23 Match Number 987654321
        ];

        var written = new ItchTestWriter { TrackingNumber = 2 }.OrderExecuted(7, Timestamp, 12345, 40, 987_654_321).ToArray();

        Assert.Equal(expected, written);
        var view = new OrderExecutedMessage(expected.AsSpan(2));
        Assert.Equal(12345UL, view.OrderReferenceNumber);
        Assert.Equal(40U, view.ExecutedShares);
        Assert.Equal(987_654_321UL, view.MatchNumber);
        Assert.Equal(Timestamp, view.Timestamp);
    }

    [Fact]
    public void OrderReplace_HandWrittenBytes_MatchWriterAndView()
    {
        byte[] expected =
        [
            0x00, 0x23,                                     //    length prefix: 35
            0x55,                                           //  0 Message Type 'U'
            0x00, 0x07,                                     //  1 Stock Locate 7
            0x00, 0x02,                                     //  3 Tracking Number 2
            0x01, 0x02, 0x03, 0x04, 0x05, 0x06,             //  5 Timestamp
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x39, // 11 Original Order Reference Number 12345
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x3A, // 19 New Order Reference Number 12346
            0x00, 0x00, 0x01, 0x2C,                         // 27 Shares 300
            0x00, 0x1C, 0x27, 0x6C,                         // 31 Price 184.5100 as Price(4) 1845100
        ];

        var written = new ItchTestWriter { TrackingNumber = 2 }.OrderReplace(7, Timestamp, 12345, 12346, 300, 1_845_100).ToArray();

        Assert.Equal(expected, written);
        var view = new OrderReplaceMessage(expected.AsSpan(2));
        Assert.Equal(12345UL, view.OriginalOrderReferenceNumber);
        Assert.Equal(12346UL, view.NewOrderReferenceNumber);
        Assert.Equal(300U, view.Shares);
        Assert.Equal(1_845_100U, view.Price);
    }

    [Fact]
    public void StockDirectory_HandWrittenBytes_MatchWriterAndView()
    {
        byte[] expected =
        [
            0x00, 0x27,                                     //    length prefix: 39
            0x52,                                           //  0 Message Type 'R'
            0x00, 0x07,                                     //  1 Stock Locate 7
            0x00, 0x02,                                     //  3 Tracking Number 2
            0x01, 0x02, 0x03, 0x04, 0x05, 0x06,             //  5 Timestamp
            0x41, 0x41, 0x50, 0x4C, 0x20, 0x20, 0x20, 0x20, // 11 Stock "AAPL    "
            0x51,                                           // 19 Market Category 'Q'
            0x4E,                                           // 20 Financial Status Indicator 'N'
            0x00, 0x00, 0x00, 0x64,                         // 21 Round Lot Size 100
            0x4E,                                           // 25 Round Lots Only 'N'
            0x43,                                           // 26 Issue Classification 'C'
            0x5A, 0x20,                                     // 27 Issue Sub-Type "Z "
            0x50,                                           // 29 Authenticity 'P'
            0x4E,                                           // 30 Short Sale Threshold Indicator 'N'
            0x4E,                                           // 31 IPO Flag 'N'
            0x31,                                           // 32 LULD Reference Price Tier '1'
            0x4E,                                           // 33 ETP Flag 'N'
            0x00, 0x00, 0x00, 0x00,                         // 34 ETP Leverage Factor 0
            0x4E,                                           // 38 Inverse Indicator 'N'
        ];

        var written = new ItchTestWriter { TrackingNumber = 2 }.StockDirectory(7, Timestamp, "AAPL").ToArray();

        Assert.Equal(expected, written);
        var view = new StockDirectoryMessage(expected.AsSpan(2));
        Assert.Equal("AAPL    "u8.ToArray(), view.Stock.ToArray());
        Assert.Equal("AAPL"u8.ToArray(), view.StockTrimmed.ToArray());
        Assert.Equal((byte)'Q', view.MarketCategory);
        Assert.Equal(100U, view.RoundLotSize);
        Assert.Equal((byte)'C', view.IssueClassification);
        Assert.Equal("Z "u8.ToArray(), view.IssueSubType.ToArray());
        Assert.Equal((byte)'P', view.Authenticity);
        Assert.Equal((byte)'1', view.LuldReferencePriceTier);
        Assert.Equal(0U, view.EtpLeverageFactor);
        Assert.Equal((byte)'N', view.InverseIndicator);
    }

    [Fact]
    public void View_BufferShorterThanMessage_Throws()
    {
        var tooShort = new byte[AddOrderMessage.Length - 1];

        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = new AddOrderMessage(tooShort); });
    }
}
