namespace TickStream.Itch.Tests;

public sealed class MessageParsingTests
{
    [Fact]
    public void ParseFramed_EveryMessageType_ReadsEveryField()
    {
        var writer = new ItchTestWriter { TrackingNumber = 9 };
        writer.SystemEvent(1, 'O')
            .StockDirectory(5, 2, "ZVZZT", 'S', 'D', 50, 'Y', 'A', "AB", 'T', 'Y', 'Y', '2', 'Y', 3, 'Y')
            .StockTradingAction(5, 3, "ZVZZT", 'H', "T1")
            .RegSho(5, 4, "ZVZZT", '1')
            .MarketParticipantPosition(5, 5, "GSCO", "ZVZZT", 'Y', 'N', 'A')
            .MwcbDeclineLevel(6, 1_000_000_000_000, 2_000_000_000_001, 3_000_000_000_002)
            .MwcbStatus(7, '2')
            .IpoQuotingPeriodUpdate(5, 8, "ZVZZT", 34_200, 'A', 250_000)
            .LuldAuctionCollar(5, 9, "ZVZZT", 100_000, 110_000, 90_000, 2)
            .OperationalHalt(5, 10, "ZVZZT", 'Q', 'H')
            .AddOrder(5, 11, 42, 'S', 200, "ZVZZT", 100_500)
            .AddOrderMpid(5, 12, 43, 'B', 300, "ZVZZT", 100_400, "GSCO")
            .OrderExecuted(5, 13, 42, 50, 7001)
            .OrderExecutedWithPrice(5, 14, 43, 60, 7002, 'Y', 100_450)
            .OrderCancel(5, 15, 42, 25)
            .OrderDelete(5, 16, 42)
            .OrderReplace(5, 17, 43, 44, 400, 100_300)
            .Trade(5, 18, 0, 'B', 70, "ZVZZT", 100_350, 7003)
            .CrossTrade(5, 19, 5_000_000_000UL, "ZVZZT", 100_000, 7004, 'O')
            .BrokenTrade(5, 20, 7003)
            .Noii(5, 21, 1000, 200, 'B', "ZVZZT", 101_000, 100_900, 100_800, 'C', 'L')
            .Rpii(5, 22, "ZVZZT", 'A')
            .DirectListing(5, 23, "ZVZZT", 'Y', 80_000, 180_000, 100_000, 34_500_000_000_000, 95_000, 105_000);
        var data = writer.ToArray();
        var handler = new RecordingHandler();
        var errors = new ItchErrorCounters();

        var consumed = ItchParser.ParseFramed(data, 0, ref handler, errors, isFinal: true, out var count);

        Assert.Equal(data.Length, consumed);
        Assert.Equal(23, count);
        Assert.Equal(0, errors.Total);
        string[] expected =
        [
            "S locate=0 track=9 ts=1 event=O",
            "R locate=5 track=9 ts=2 stock='ZVZZT   ' trimmed='ZVZZT' cat=S fin=D lot=50 lotsOnly=Y class=A sub='AB' auth=T ssti=Y ipo=Y tier=2 etp=Y lev=3 inv=Y",
            "H locate=5 track=9 ts=3 stock='ZVZZT' state=H reserved=  reason='T1  '",
            "Y locate=5 track=9 ts=4 stock='ZVZZT' action=1",
            "L locate=5 track=9 ts=5 mpid='GSCO' stock='ZVZZT' primary=Y mode=N state=A",
            "V locate=0 track=9 ts=6 l1=1000000000000 l2=2000000000001 l3=3000000000002 l1e9=10000000000000",
            "W locate=0 track=9 ts=7 level=2",
            "K locate=5 track=9 ts=8 stock='ZVZZT' release=34200 qualifier=A price=250000",
            "J locate=5 track=9 ts=9 stock='ZVZZT' ref=100000 upper=110000 lower=90000 ext=2",
            "h locate=5 track=9 ts=10 stock='ZVZZT' market=Q action=H",
            "A locate=5 track=9 ts=11 ref=42 side=S/Sell shares=200 stock='ZVZZT' price=100500 e9=10050000000",
            "F locate=5 track=9 ts=12 ref=43 side=B/Buy shares=300 stock='ZVZZT' price=100400 mpid='GSCO'",
            "E locate=5 track=9 ts=13 ref=42 shares=50 match=7001",
            "C locate=5 track=9 ts=14 ref=43 shares=60 match=7002 printable=Y price=100450",
            "X locate=5 track=9 ts=15 ref=42 shares=25",
            "D locate=5 track=9 ts=16 ref=42",
            "U locate=5 track=9 ts=17 orig=43 new=44 shares=400 price=100300",
            "P locate=5 track=9 ts=18 ref=0 side=B shares=70 stock='ZVZZT' price=100350 match=7003",
            "Q locate=5 track=9 ts=19 shares=5000000000 stock='ZVZZT' price=100000 match=7004 type=O",
            "B locate=5 track=9 ts=20 match=7003",
            "I locate=5 track=9 ts=21 paired=1000 imbalance=200 dir=B stock='ZVZZT' far=101000 near=100900 ref=100800 cross=C var=L",
            "N locate=5 track=9 ts=22 stock='ZVZZT' interest=A",
            "O locate=5 track=9 ts=23 stock='ZVZZT' open=Y min=80000 max=180000 near=100000 nearTime=34500000000000 lower=95000 upper=105000",
        ];
        Assert.Equal(expected, handler.Lines);
    }

    [Fact]
    public void ParseFramed_OffsetsOfMessages_AreOffsetsOfLengthPrefixes()
    {
        var data = new ItchTestWriter().SystemEvent(1, 'O').OrderDelete(1, 2, 3).SystemEvent(3, 'C').ToArray();
        var handler = new RecordingHandler();

        ItchParser.ParseFramed(data, 1000, ref handler, new ItchErrorCounters(), isFinal: true, out _);

        Assert.Equal([1000L, 1000 + 14, 1000 + 14 + 21], handler.Offsets);
    }

    [Fact]
    public void ParseFramed_IncompleteTailNotFinal_LeavesTailUnconsumed()
    {
        var data = new ItchTestWriter().SystemEvent(1, 'O').OrderDelete(1, 2, 3).ToArray();
        var handler = new RecordingHandler();
        var errors = new ItchErrorCounters();

        var consumed = ItchParser.ParseFramed(data.AsSpan(0, data.Length - 5), 0, ref handler, errors, isFinal: false, out var count);

        Assert.Equal(14, consumed);
        Assert.Equal(1, count);
        Assert.Equal(0, errors.Total);
    }

    [Fact]
    public void FixedLength_EveryType_MatchesSpecification()
    {
        var expected = new Dictionary<char, int>
        {
            ['S'] = 12, ['R'] = 39, ['H'] = 25, ['Y'] = 20, ['L'] = 26, ['V'] = 35, ['W'] = 12, ['K'] = 28, ['J'] = 35, ['h'] = 21,
            ['A'] = 36, ['F'] = 40, ['E'] = 31, ['C'] = 36, ['X'] = 23, ['D'] = 19, ['U'] = 35, ['P'] = 44, ['Q'] = 40, ['B'] = 19,
            ['I'] = 50, ['N'] = 20, ['O'] = 48,
        };

        for (var b = 0; b < 256; b++)
        {
            var length = ItchParser.FixedLength((byte)b);
            Assert.Equal(expected.GetValueOrDefault((char)b), length);
        }
    }
}
