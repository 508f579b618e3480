using System.Buffers.Binary;
using System.Text;

namespace TickStream.Wire.Tests;

/// <summary>The shared validation rules: every valid message passes, every broken rule is named.</summary>
public sealed class FrameValidatorTests
{
    private delegate int Encode(Span<byte> buffer);

    public static TheoryData<string, int> ValidMessages => new()
    {
        { "T.AAPL|", 1 },
        { "Q.AAPL|", 2 },
        { "B.AAPL|", 3 },
        { "H|", 4 },
        { "S|", 5 },
        { "I.BRK.B|", 7 },
    };

    [Theory]
    [MemberData(nameof(ValidMessages))]
    public void ValidateMessage_EveryLiveTemplateUnderItsTopic_IsValid(string topic, int template)
    {
        var message = Message(topic, template);
        Assert.Equal(FrameRejection.None, FrameValidator.ValidateMessage(message, out var topicLength, out var templateId));
        Assert.Equal(topic.Length, topicLength);
        Assert.Equal(template, templateId);
    }

    [Fact]
    public void ValidateFrame_Snapshot_IsValidButNotOnTheLiveStream()
    {
        var frame = Frame(6);
        Assert.Equal(FrameRejection.None, FrameValidator.ValidateFrame(frame, out var templateId));
        Assert.Equal(6, templateId);
        Assert.Equal(FrameRejection.BadTopic, FrameValidator.ValidateMessage([.. "X.AAPL|"u8, .. frame], out _, out _));
        Assert.Equal(FrameRejection.TopicMismatch, FrameValidator.ValidateMessage([.. "Q.AAPL|"u8, .. frame], out _, out _));
    }

    [Theory]
    [InlineData("no topic terminator in here at all")]
    [InlineData("|Q.AAPL")]
    [InlineData("")]
    [InlineData("Q.ABCDEFGHIJKLMNOPQ|")]
    public void ValidateMessage_NoTopic_IsNoTopic(string text) =>
        Assert.Equal(FrameRejection.NoTopic, FrameValidator.ValidateMessage(Encoding.ASCII.GetBytes(text), out _, out _));

    [Theory]
    [InlineData("Z.AAPL|")]
    [InlineData("X.AAPL|")]
    [InlineData("Q|")]
    [InlineData("Q.|")]
    [InlineData("Qx|")]
    [InlineData("Q.aapl|")]
    [InlineData("QXAAPL|")]
    [InlineData("H.AAPL|")]
    [InlineData("HH|")]
    public void ValidateMessage_MalformedTopic_IsBadTopic(string topic)
    {
        var message = (byte[])[.. Encoding.ASCII.GetBytes(topic), .. Frame(2)];
        Assert.Equal(FrameRejection.BadTopic, FrameValidator.ValidateMessage(message, out var topicLength, out var templateId));
        Assert.Equal(0, topicLength);
        Assert.Equal(0, templateId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    public void ValidateMessage_ShorterThanTheHeader_IsTooShortForHeader(int frameBytes) =>
        Assert.Equal(FrameRejection.TooShortForHeader, FrameValidator.ValidateMessage(Message("Q.AAPL|", 2).AsSpan(..(7 + frameBytes)), out _, out _));

    [Fact]
    public void ValidateMessage_WrongSchemaId_IsWrongSchema()
    {
        var message = Message("Q.AAPL|", 2);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(7 + 4), 101);
        Assert.Equal(FrameRejection.WrongSchema, FrameValidator.ValidateMessage(message, out _, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(99)]
    [InlineData(ushort.MaxValue)]
    public void ValidateMessage_UnknownTemplate_IsUnknownTemplate(int template)
    {
        var message = Message("Q.AAPL|", 2);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(7 + 2), (ushort)template);
        Assert.Equal(FrameRejection.UnknownTemplate, FrameValidator.ValidateMessage(message, out _, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60)]
    [InlineData(95)]
    public void ValidateMessage_BlockShorterThanTheTemplate_IsBlockTooShort(int blockLength)
    {
        var message = Message("Q.AAPL|", 2);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(7), (ushort)blockLength);
        Assert.Equal(FrameRejection.BlockTooShort, FrameValidator.ValidateMessage(message, out _, out _));
    }

    [Fact]
    public void ValidateMessage_BookUpdateBlockOf60_IsBlockTooShortAsTheClientAlwaysRuled()
    {
        // The generated decoder needs only 60 bytes of fields; the schema's block (and the client's rule) is 64.
        var message = Message("B.AAPL|", 3);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(7), 60);
        Assert.Equal(FrameRejection.BlockTooShort, FrameValidator.ValidateMessage(message, out _, out _));
    }

    [Theory]
    [InlineData(9)]
    [InlineData(50)]
    [InlineData(103)]
    public void ValidateMessage_FrameEndsInsideTheBlock_IsTruncatedBlock(int frameBytes) =>
        Assert.Equal(FrameRejection.TruncatedBlock, FrameValidator.ValidateMessage(Message("Q.AAPL|", 2).AsSpan(..(7 + frameBytes)), out _, out _));

    [Fact]
    public void ValidateMessage_HeartbeatCutShort_IsTruncatedBlock() =>
        Assert.Equal(FrameRejection.TruncatedBlock, FrameValidator.ValidateMessage(Message("H|", 4).AsSpan(..(2 + 8 + 10)), out _, out _));

    [Fact]
    public void ValidateMessage_HigherVersionWithALongerBlock_IsValid()
    {
        // SBE evolution: a newer sender appends 8 bytes to the block and says version 1; read by its blockLength.
        var frame = Frame(2);
        var longer = new byte[frame.Length + 8];
        frame.CopyTo(longer, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(longer, 104);
        BinaryPrimitives.WriteUInt16LittleEndian(longer.AsSpan(6), 1);
        Assert.Equal(FrameRejection.None, FrameValidator.ValidateMessage([.. "Q.AAPL|"u8, .. longer], out _, out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(ushort.MaxValue)]
    public void ValidateMessage_AnyVersionWithThisBuildsBlock_IsValid(int version)
    {
        var message = Message("T.AAPL|", 1);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(7 + 6), (ushort)version);
        Assert.Equal(FrameRejection.None, FrameValidator.ValidateMessage(message, out _, out _));
    }

    [Fact]
    public void ValidateMessage_HigherVersionWithAShorterBlock_IsBlockTooShort()
    {
        var message = Message("T.AAPL|", 1);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(7), 80);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(7 + 6), 3);
        Assert.Equal(FrameRejection.BlockTooShort, FrameValidator.ValidateMessage(message, out _, out _));
    }

    [Fact]
    public void ValidateMessage_BookUpdateGroupPastTheEnd_IsTruncatedGroup()
    {
        var message = Message("B.AAPL|", 3);
        Assert.Equal(FrameRejection.TruncatedGroup, FrameValidator.ValidateMessage(message.AsSpan(..^1), out _, out _));
        Assert.Equal(FrameRejection.TruncatedGroup, FrameValidator.ValidateMessage(message.AsSpan(..(7 + 8 + 64 + 3)), out _, out _));

        // numInGroup 65535 of 65535 bytes: the product overflows an int and must still be caught.
        var huge = (byte[])message.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(huge.AsSpan(7 + 8 + 64), ushort.MaxValue);
        BinaryPrimitives.WriteUInt16LittleEndian(huge.AsSpan(7 + 8 + 64 + 2), ushort.MaxValue);
        Assert.Equal(FrameRejection.TruncatedGroup, FrameValidator.ValidateMessage(huge, out _, out _));
    }

    [Fact]
    public void ValidateMessage_BookUpdateEntriesShorterThanTheirFields_IsTruncatedGroup()
    {
        var message = Message("B.AAPL|", 3);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(7 + 8 + 64), 18);
        Assert.Equal(FrameRejection.TruncatedGroup, FrameValidator.ValidateMessage(message, out _, out _));

        // 19 bytes hold every field: accepted, as by the client.
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(7 + 8 + 64), 19);
        Assert.Equal(FrameRejection.None, FrameValidator.ValidateMessage(message, out _, out _));
    }

    [Fact]
    public void ValidateMessage_BookUpdateWithNoLevels_IsValid()
    {
        var buffer = new byte[256];
        var e = BookUpdateEncoder.WrapAndApplyHeader(buffer);
        e.SetSymbol("AAPL");
        e.LevelsCount(0);
        Assert.Equal(FrameRejection.None, FrameValidator.ValidateMessage([.. "B.AAPL|"u8, .. buffer.AsSpan(0, e.EncodedLength)], out _, out _));
    }

    [Theory]
    [InlineData("S|", 5)]
    [InlineData("I.BRK.B|", 7)]
    public void ValidateMessage_VarDataPastTheEnd_IsTruncatedVarData(string topic, int template)
    {
        var message = Message(topic, template);
        Assert.Equal(FrameRejection.TruncatedVarData, FrameValidator.ValidateMessage(message.AsSpan(..^1), out _, out _));
        var block = FrameValidator.BlockLengthOf(template);
        Assert.Equal(FrameRejection.TruncatedVarData, FrameValidator.ValidateMessage(message.AsSpan(..(topic.Length + 8 + block + 1)), out _, out _));
        var lying = (byte[])message.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(lying.AsSpan(topic.Length + 8 + block), ushort.MaxValue);
        Assert.Equal(FrameRejection.TruncatedVarData, FrameValidator.ValidateMessage(lying, out _, out _));
    }

    [Theory]
    [InlineData("Q.AAPL|", 1)]
    [InlineData("T.AAPL|", 2)]
    [InlineData("B.AAPL|", 2)]
    [InlineData("I.AAPL|", 2)]
    [InlineData("H|", 5)]
    [InlineData("S|", 4)]
    public void ValidateMessage_TopicClassOfAnotherTemplate_IsTopicMismatch(string topic, int template) =>
        Assert.Equal(FrameRejection.TopicMismatch, FrameValidator.ValidateMessage([.. Encoding.ASCII.GetBytes(topic), .. Frame(template)], out _, out _));

    [Theory]
    [InlineData("Q.MSFT|", 2)]
    [InlineData("Q.AAP|", 2)]
    [InlineData("Q.AAPLX|", 2)]
    [InlineData("I.BRK|", 7)]
    public void ValidateMessage_TopicSymbolIsNotTheFramesSymbol_IsSymbolMismatch(string topic, int template) =>
        Assert.Equal(FrameRejection.SymbolMismatch, FrameValidator.ValidateMessage([.. Encoding.ASCII.GetBytes(topic), .. Frame(template)], out _, out _));

    [Fact]
    public void ValidateMessage_SixteenCharacterSymbol_IsValid()
    {
        var buffer = new byte[256];
        var e = QuoteEncoder.WrapAndApplyHeader(buffer);
        e.SetSymbol("ABCDEFGHIJKLMNOP");
        Assert.Equal(FrameRejection.None, FrameValidator.ValidateMessage([.. "Q.ABCDEFGHIJKLMNOP|"u8, .. buffer.AsSpan(0, e.EncodedLength)], out _, out _));
    }

    [Fact]
    public void Describe_EveryRejection_HasItsOwnText()
    {
        var texts = Enum.GetValues<FrameRejection>().Select(FrameValidator.Describe).ToList();
        Assert.Equal(texts.Count, texts.Distinct().Count());
        Assert.DoesNotContain("unknown", texts);
    }

    [Fact]
    public void ValidateMessage_ValidAndRejected_AllocatesNothing()
    {
        byte[][] messages =
        [
            Message("Q.AAPL|", 2), Message("T.AAPL|", 1), Message("B.AAPL|", 3), Message("H|", 4), Message("S|", 5),
            Message("I.BRK.B|", 7), Message("Q.AAPL|", 2)[..20], [.. "Q.MSFT|"u8, .. Frame(2)], "garbage"u8.ToArray(),
        ];
        long sum = Loop(messages, 100); // warm up: JIT and tiering
        Assert.Equal(0, Allocation.FewestBytes(() => sum += Loop(messages, 10_000)));
        Assert.NotEqual(0, sum);

        static long Loop(byte[][] messages, int rounds)
        {
            long sum = 0;
            for (var r = 0; r < rounds; r++)
            {
                foreach (var message in messages)
                {
                    sum += (int)FrameValidator.ValidateMessage(message, out var topicLength, out var templateId) + topicLength + templateId;
                }
            }

            return sum;
        }
    }

    private static byte[] Frame(int template)
    {
        Encode encode = template switch
        {
            1 => Samples.EncodeTrade,
            2 => Samples.EncodeQuote,
            3 => Samples.EncodeBookUpdate,
            4 => Samples.EncodeHeartbeat,
            5 => Samples.EncodeStreamStart,
            6 => Samples.EncodeSnapshot,
            _ => Samples.EncodeInstrumentDefinition,
        };
        var buffer = new byte[512];
        return buffer[..encode(buffer)];
    }

    private static byte[] Message(string topic, int template) => [.. Encoding.ASCII.GetBytes(topic), .. Frame(template)];
}
