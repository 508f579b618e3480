using System.Globalization;
using System.Text.RegularExpressions;

namespace TickStream.Wire.Tests;

/// <summary>The worked example of docs/WIRE.md is read from the page itself, so page and encoder cannot drift.</summary>
public sealed partial class WireDocumentExampleTests
{
    [Fact]
    public void Quote_WorkedExampleOfWireMd_IsExactlyWhatTheEncoderWrites()
    {
        var (topic, frame) = ReadExample();

        var buffer = new byte[256];
        var topicLength = Topic.Write(buffer, TopicClass.Quote, "AAPL"u8);
        var quote = QuoteEncoder.WrapAndApplyHeader(buffer.AsSpan(topicLength));
        quote.SetStreamSeq(1042);
        quote.SetSymbolSeq(17);
        quote.SetExchangeTime(1_767_225_600_000_000_000);
        quote.SetIngestTime(1_767_225_600_000_025_000);
        quote.SetInstrumentId(3);
        quote.SetStreamId(1);
        quote.SetFlags(default);
        quote.SetSymbol("AAPL"u8);
        quote.SetVenue("XNAS"u8);
        quote.BidPrice.SetMantissa(189_990_000_000);
        quote.SetBidSize(300);
        quote.AskPrice.SetMantissa(190_010_000_000);
        quote.SetAskSize(200);

        Assert.Equal(topic, buffer[..topicLength]);
        Assert.Equal(frame, buffer[topicLength..(topicLength + quote.EncodedLength)]);
    }

    private static (byte[] Topic, byte[] Frame) ReadExample()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TickStream.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var lines = File.ReadAllLines(Path.Combine(directory.FullName, "docs", "WIRE.md"));
        var topic = new List<byte>();
        var frame = new List<byte>();
        foreach (var line in lines)
        {
            if (line.StartsWith("topic ", StringComparison.Ordinal))
            {
                topic.AddRange(HexBytes(line["topic ".Length..]));
            }
            else if (FrameLine().Match(line) is { Success: true } match)
            {
                Assert.Equal(frame.Count, int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
                frame.AddRange(HexBytes(match.Groups[2].Value));
            }
        }

        Assert.Equal(7, topic.Count);
        Assert.Equal(104, frame.Count);
        return ([.. topic], [.. frame]);
    }

    private static IEnumerable<byte> HexBytes(string text)
    {
        foreach (Match pair in HexPair().Matches(text))
        {
            yield return byte.Parse(pair.Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
    }

    // " 24: 00 00 fa ed 51 72 86 18   exchangeTime ..." : the offset, then exactly eight hex pairs.
    [GeneratedRegex(@"^\s*(\d+): ((?:[0-9a-f]{2} ){7}[0-9a-f]{2})\s")]
    private static partial Regex FrameLine();

    // Hex pairs up to the first run of two spaces (the comment after them).
    [GeneratedRegex(@"\b[0-9a-f]{2}\b(?=(?: [0-9a-f]{2})*(?:\s{2,}|$))")]
    private static partial Regex HexPair();
}
