namespace TickStream.Wire.Tests;

/// <summary>Short and corrupt frames are reported with the right error, never read out of bounds, never throw.</summary>
public sealed class TruncatedFrameTests
{
    private delegate int Encode(Span<byte> buffer);

    public static TheoryData<string> Messages => new()
    {
        "Trade", "Quote", "BookUpdate", "Heartbeat", "StreamStart", "Snapshot", "InstrumentDefinition",
    };

    private static byte[] Frame(string name)
    {
        Encode encode = name switch
        {
            "Trade" => Samples.EncodeTrade,
            "Quote" => Samples.EncodeQuote,
            "BookUpdate" => Samples.EncodeBookUpdate,
            "Heartbeat" => Samples.EncodeHeartbeat,
            "StreamStart" => Samples.EncodeStreamStart,
            "Snapshot" => Samples.EncodeSnapshot,
            "InstrumentDefinition" => Samples.EncodeInstrumentDefinition,
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var buffer = new byte[512];
        var length = encode(buffer);
        return buffer.AsSpan(0, length).ToArray();
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Decode_EveryTruncation_ReturnsTheRightError(string message)
    {
        var frame = Frame(message);
        Assert.Equal(SbeDecodeError.None, FullDecode.Run(frame, out var fullLength));
        Assert.Equal(frame.Length, fullLength);
        var blockEnd = MessageHeaderDecoder.EncodedLength + BitConverter.ToUInt16(frame, 0);
        for (var length = 0; length < frame.Length; length++)
        {
            // A copy of exactly `length` bytes: any read past it would throw or fail the run.
            var truncated = frame.AsSpan(0, length).ToArray();
            var error = FullDecode.Run(truncated, out _);
            var expected = length < MessageHeaderDecoder.EncodedLength ? SbeDecodeError.TooShortForHeader
                : length < blockEnd ? SbeDecodeError.TooShortForBlock
                : message == "BookUpdate" ? SbeDecodeError.TooShortForGroup
                : SbeDecodeError.TooShortForVarData;
            Assert.True(expected == error, $"{message} cut to {length} of {frame.Length} bytes: expected {expected}, got {error}");
        }
    }

    [Fact]
    public void Decode_BlockLengthBelowTheFields_ReportsBlockLengthTooSmall()
    {
        var frame = Frame("Quote");
        frame[0] = 40; // blockLength 40 < the 96 bytes of fields
        Assert.False(QuoteDecoder.TryWrap(frame, out _, out var error));
        Assert.Equal(SbeDecodeError.BlockLengthTooSmall, error);
    }

    [Fact]
    public void Decode_GroupCountBeyondTheFrame_ReportsTooShortForGroup()
    {
        var frame = Frame("BookUpdate");
        frame[8 + 64 + 2] = 0xFF; // numInGroup 0x00FF entries of 24 bytes in a 124-byte frame
        Assert.True(BookUpdateDecoder.TryWrap(frame, out var d, out _));
        Assert.False(d.TryGetLevels(out _, out var error));
        Assert.Equal(SbeDecodeError.TooShortForGroup, error);
    }

    [Fact]
    public void Decode_GroupBlockLengthBelowItsFields_ReportsBlockLengthTooSmall()
    {
        var frame = Frame("BookUpdate");
        frame[8 + 64] = 10; // entry blockLength 10 < 19 bytes of fields
        Assert.True(BookUpdateDecoder.TryWrap(frame, out var d, out _));
        Assert.False(d.TryGetLevels(out _, out var error));
        Assert.Equal(SbeDecodeError.BlockLengthTooSmall, error);
    }

    [Fact]
    public void Decode_VarDataLengthBeyondTheFrame_ReportsTooShortForVarData()
    {
        var frame = Frame("StreamStart");
        frame[8 + 18] = 0xFF; // streamName length 0x00FF bytes, 6 present
        Assert.True(StreamStartDecoder.TryWrap(frame, out var d, out _));
        Assert.False(d.TryGetStreamName(out var name, out var error));
        Assert.Equal(SbeDecodeError.TooShortForVarData, error);
        Assert.True(name.IsEmpty);
        Assert.False(d.TryComputeLength(out _, out error));
        Assert.Equal(SbeDecodeError.TooShortForVarData, error);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Decode_CorruptedValidFrame_NeverReadsPastIt(string message)
    {
        var frame = Frame(message);
        var random = new Random(message.Length * 7919);
        for (var i = 0; i < 5_000; i++)
        {
            var corrupt = (byte[])frame.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                corrupt[random.Next(corrupt.Length)] = (byte)random.Next(256);
            }

            var error = FullDecode.Run(corrupt, out var decoded);
            Assert.True(Enum.IsDefined(error));
            Assert.True(decoded <= corrupt.Length, $"{message}: decoded {decoded} bytes of {corrupt.Length}");
        }
    }

    [Fact]
    public void Decode_RandomBytes_NeverThrows()
    {
        var random = new Random(20261126);
        var buffer = new byte[160];
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(buffer);
            buffer[2] = (byte)random.Next(0, 9); // valid-looking template ids
            buffer[3] = 0;
            buffer[4] = 100;
            buffer[5] = 0;
            var length = random.Next(0, buffer.Length + 1);
            var error = FullDecode.Run(buffer.AsSpan(0, length), out var decoded);
            Assert.True(decoded <= length);
            Assert.True(Enum.IsDefined(error));
        }
    }
}
