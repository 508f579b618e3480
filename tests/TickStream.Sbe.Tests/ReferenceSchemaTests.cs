#if SBE_REFERENCE
using System.Buffers.Binary;
using BigEndian = Sbe.Reference.BigEndian;
using CompositeOffsets = Sbe.Reference.CompositeOffsets;
using ConstantHeader = Sbe.Reference.ConstantHeader;
using FixExamples = Sbe.Reference.FixExamples;
using GroupWithData = Sbe.Reference.GroupWithData;
using GroupWithDataExtension = Sbe.Reference.GroupWithDataExtension;
using Mdp3 = Sbe.Reference.Mdp3;
using VersionedV1 = Sbe.Reference.VersionedV1;
using VersionedV2 = Sbe.Reference.VersionedV2;
#endif

namespace TickStream.Sbe.Tests;

/// <summary>Every reference schema compiles (the build proves it) and gets a round trip through its codecs.</summary>
public sealed class ReferenceSchemaTests
{
    [Fact]
    public void BigEndianCar_RoundTrip_WritesNetworkByteOrder()
    {
#if SBE_REFERENCE
        var buffer = new byte[512];
        var e = BigEndian.CarEncoder.WrapAndApplyHeader(buffer);
        e.SetSerialNumber(1234);
        e.SetModelYear(2013);
        e.SetSomeNumbers([1U, 2U, 3U, 4U, 5U]);
        e.Engine.SetCapacity(2000);
        e.Engine.Booster.SetBoostType(BigEndian.BoostType.KERS);
        var fuel = e.FuelFiguresCount(1);
        fuel.Next();
        fuel.SetSpeed(30);
        fuel.SetMpg(35.9f);
        fuel.SetUsageDescription("Urban Cycle"u8);
        e.PerformanceFiguresCount(0);
        e.SetManufacturer("Honda"u8);
        e.SetModel("Civic"u8);
        e.SetActivationCode(""u8);
        Assert.Equal(BigEndian.CarEncoder.BlockLength, BinaryPrimitives.ReadUInt16BigEndian(buffer));
        Assert.Equal(1234UL, BinaryPrimitives.ReadUInt64BigEndian(buffer.AsSpan(8)));
        Assert.Equal(2013, BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(16)));

        Assert.True(BigEndian.CarDecoder.TryWrap(buffer.AsSpan(0, e.EncodedLength), out var d, out var error), error.ToString());
        Assert.Equal(1234UL, d.SerialNumber);
        Assert.Equal(5U, d.GetSomeNumbers(4));
        Assert.Equal((ushort)2000, d.Engine.Capacity);
        Assert.Equal(BigEndian.BoostType.KERS, d.Engine.Booster.BoostType);
        Assert.True(d.TryGetFuelFigures(out var figures, out _));
        Assert.True(figures.MoveNext());
        Assert.Equal(35.9f, figures.Mpg);
        Assert.True(figures.TryGetUsageDescription(out var usage, out _));
        Assert.True(usage.SequenceEqual("Urban Cycle"u8));
        Assert.True(d.TryGetPerformanceFigures(out var performance, out _));
        Assert.Equal(0, performance.Count);
        Assert.True(d.TryGetManufacturer(out _, out _));
        Assert.True(d.TryGetModel(out var model, out _));
        Assert.True(model.SequenceEqual("Civic"u8));
        Assert.True(d.TryGetActivationCode(out _, out _));
        Assert.Equal(e.EncodedLength, d.EncodedLength);
#else
        Assert.Skip(ReferenceData.MissingMessage);
#endif
    }

    [Fact]
    public void Mdp3IncrementalRefreshBook_RoundTrip_UsesOneByteGroupCounts()
    {
#if SBE_REFERENCE
        var buffer = new byte[512];
        var e = Mdp3.MDIncrementalRefreshBook46Encoder.WrapAndApplyHeader(buffer);
        e.SetTransactTime(1_600_000_000_000_000_000);
        e.SetMatchEventIndicator(Mdp3.MatchEventIndicator.LastQuoteMsg | Mdp3.MatchEventIndicator.EndOfEvent);
        var entries = e.NoMDEntriesCount(2);
        entries.Next();
        entries.MDEntryPx.SetMantissa(4_512_250_000_000);
        entries.SetMDEntrySize(12);
        entries.SetSecurityID(42);
        entries.SetRptSeq(9);
        entries.SetNumberOfOrders(Mdp3.MDIncrementalRefreshBook46Encoder.NoMDEntriesEncoder.NumberOfOrdersNullValue);
        entries.SetMDPriceLevel(1);
        entries.SetMDUpdateAction(Mdp3.MDUpdateAction.New);
        entries.SetMDEntryType(Mdp3.MDEntryTypeBook.Offer);
        entries.Next();
        entries.MDEntryPx.SetMantissa(Mdp3.PRICENULL9Encoder.MantissaNullValue);
        entries.SetMDEntryType(Mdp3.MDEntryTypeBook.BookReset);
        var orders = e.NoOrderIDEntriesCount(1);
        orders.Next();
        orders.SetOrderID(777);
        orders.SetMDOrderPriority(Mdp3.MDIncrementalRefreshBook46Encoder.NoOrderIDEntriesEncoder.MDOrderPriorityNullValue);
        orders.SetOrderUpdateAction(Mdp3.OrderUpdateAction.Delete);

        var dims = 8 + 11;
        Assert.Equal(32, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(dims)));
        Assert.Equal(2, buffer[dims + 2]);                  // groupSize: uint8 numInGroup
        var orderDims = dims + 3 + (2 * 32);
        Assert.Equal(24, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(orderDims)));
        Assert.Equal(1, buffer[orderDims + 7]);             // groupSize8Byte: numInGroup at offset 7
        Assert.Equal((byte)'1', buffer[dims + 3 + 26]);     // MDEntryType Offer is the character '1'
        Assert.Equal(orderDims + 8 + 24, e.EncodedLength);

        Assert.True(Mdp3.MDIncrementalRefreshBook46Decoder.TryWrap(buffer.AsSpan(0, e.EncodedLength), out var d, out var error), error.ToString());
        Assert.Equal(Mdp3.MatchEventIndicator.LastQuoteMsg | Mdp3.MatchEventIndicator.EndOfEvent, d.MatchEventIndicator);
        Assert.True(d.TryGetNoMDEntries(out var read, out _));
        Assert.True(read.MoveNext());
        Assert.Equal(4_512_250_000_000, read.MDEntryPx.Mantissa);
        Assert.Equal(Mdp3.MDEntryTypeBook.Offer, read.MDEntryType);
        Assert.False(read.HasNumberOfOrders);
        Assert.True(read.MoveNext());
        Assert.False(read.MDEntryPx.HasMantissa);
        Assert.Equal(Mdp3.MDEntryTypeBook.BookReset, read.MDEntryType);
        Assert.False(read.MoveNext());
        Assert.True(d.TryGetNoOrderIDEntries(out var readOrders, out _));
        Assert.True(readOrders.MoveNext());
        Assert.Equal(777UL, readOrders.OrderID);
        Assert.False(readOrders.HasMDOrderPriority);
        Assert.Equal(Mdp3.OrderUpdateAction.Delete, readOrders.OrderUpdateAction);
        Assert.Equal(e.EncodedLength, d.EncodedLength);
        Assert.Equal((byte)255, (byte)Mdp3.AggressorSide.NULL_VAL); // from the uInt8NULL encoding type
        Assert.Equal((sbyte)24, Mdp3.MDInstrumentDefinitionFuture54Decoder.NoInstAttribDecoder.InstAttribType);
#else
        Assert.Skip(ReferenceData.MissingMessage);
#endif
    }

    [Fact]
    public void FixExamplesNewOrderSingle_RoundTrip_UsesUnalignedOffsets()
    {
#if SBE_REFERENCE
        var buffer = new byte[128];
        var e = FixExamples.NewOrderSingleEncoder.WrapAndApplyHeader(buffer);
        e.SetClOrdId("ORD00001");
        e.SetSymbol("GEM4");
        e.SetSide(FixExamples.SideEnum.Buy);
        e.SetTransactTime(0x0102030405060708);
        e.OrderQty.SetMantissa(7);
        e.SetOrdType(FixExamples.OrdTypeEnum.Limit);
        e.Price.SetMantissa(1_234_500);
        e.StopPx.SetMantissa(FixExamples.OptionalDecimalEncodingEncoder.MantissaNullValue);
        Assert.Equal(54, FixExamples.NewOrderSingleEncoder.BlockLength);
        Assert.Equal((byte)'1', buffer[8 + 24]);
        Assert.Equal(0x0102030405060708UL, BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(8 + 25)));
        Assert.True(FixExamples.NewOrderSingleDecoder.TryWrap(buffer.AsSpan(0, e.EncodedLength), out var d, out _));
        Assert.Equal("ORD00001", d.GetClOrdIdString());
        Assert.True(d.Account.IsEmpty);
        Assert.Equal(FixExamples.OrdTypeEnum.Limit, d.OrdType);
        Assert.Equal(1_234_500L, d.Price.Mantissa);
        Assert.Equal((sbyte)-3, FixExamples.OptionalDecimalEncodingDecoder.Exponent);
        Assert.False(d.StopPx.HasMantissa);
#else
        Assert.Skip(ReferenceData.MissingMessage);
#endif
    }

    [Fact]
    public void GroupWithData_NestedFrame_DecodesOnTheExtensionSchema()
    {
#if SBE_REFERENCE
        var buffer = new byte[256];
        var e = GroupWithData.TestMessage3Encoder.WrapAndApplyHeader(buffer);
        e.SetTag1(5);
        var entries = e.EntriesCount(1);
        entries.Next();
        entries.SetTagGroup1("SYM");
        var nested = entries.NestedEntriesCount(2);
        nested.Next();
        nested.SetTagGroup2(-1);
        nested.SetVarDataFieldNested("n1"u8);
        nested.Next();
        nested.SetTagGroup2(-2);
        nested.SetVarDataFieldNested(""u8);
        entries.SetVarDataField("outer"u8);
        var frame = buffer.AsSpan(0, e.EncodedLength).ToArray();

        Assert.True(GroupWithData.TestMessage3Decoder.TryWrap(frame, out var same, out _));
        Assert.True(same.TryComputeLength(out var length, out _));
        Assert.Equal(frame.Length, length);

        // The extension schema (version 1) adds InnerExtension to the nested entries: absent in this version-0 frame.
        Assert.True(GroupWithDataExtension.TestMessage3Decoder.TryWrap(frame, out var d, out var error), error.ToString());
        Assert.Equal(16, d.ActingBlockLength);
        Assert.True(d.TryGetEntries(out var readEntries, out _));
        Assert.True(readEntries.MoveNext());
        Assert.Equal("SYM", readEntries.GetTagGroup1String());
        Assert.True(readEntries.TryGetNestedEntries(out var readNested, out _));
        Assert.True(readNested.MoveNext());
        Assert.Equal(-1L, readNested.TagGroup2);
        Assert.Equal(long.MinValue, readNested.InnerExtension);
        Assert.True(readNested.TryGetVarDataFieldNested(out var n1, out _));
        Assert.True(n1.SequenceEqual("n1"u8));
        Assert.True(readNested.MoveNext());
        Assert.Equal(-2L, readNested.TagGroup2);
        Assert.True(readNested.TryGetVarDataFieldNested(out var n2, out _));
        Assert.True(n2.IsEmpty);
        Assert.False(readNested.MoveNext());
        Assert.True(readEntries.TryGetVarDataField(out var outer, out _));
        Assert.True(outer.SequenceEqual("outer"u8));
        Assert.False(readEntries.MoveNext());
        Assert.Equal(frame.Length, d.EncodedLength);
#else
        Assert.Skip(ReferenceData.MissingMessage);
#endif
    }

    [Fact]
    public void CompositeOffsets_RoundTrip_HonoursHeaderAndMemberOffsets()
    {
#if SBE_REFERENCE
        var buffer = new byte[128];
        var e = CompositeOffsets.TestMessage2Encoder.WrapAndApplyHeader(buffer);
        e.SetFieldOne(-7);
        e.FieldTwo.SetCompositeFieldOne(3);
        e.FieldTwo.SetCompositeFieldTwo(0x1122334455667788);
        e.SetFieldThree(99);
        Assert.Equal(12, CompositeOffsets.MessageHeaderEncoder.EncodedLength);
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(4)));  // templateId at offset 4
        Assert.Equal(15, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(8)));  // schemaId at offset 8
        Assert.Equal(3, buffer[12 + 8]);                                                // fieldTwo at 8, member one at 0
        Assert.Equal(0x1122334455667788L, BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(12 + 8 + 8)));
        Assert.True(CompositeOffsets.TestMessage2Decoder.TryWrap(buffer.AsSpan(0, e.EncodedLength), out var d, out _));
        Assert.Equal(-7, d.FieldOne);
        Assert.Equal(0x1122334455667788L, d.FieldTwo.CompositeFieldTwo);
        Assert.Equal(99L, d.FieldThree);

        var groups = CompositeOffsets.TestMessage1Encoder.WrapAndApplyHeader(buffer);
        var entries = groups.EntriesCount(1);
        entries.Next();
        entries.SetTagGroup1(1);
        entries.SetTagGroup2(-1);
        Assert.Equal(1, buffer[12 + 7]); // numInGroup at offset 7 of the group dimensions
        Assert.True(CompositeOffsets.TestMessage1Decoder.TryWrap(buffer.AsSpan(0, groups.EncodedLength), out var g, out _));
        Assert.True(g.TryGetEntries(out var read, out _));
        Assert.True(read.MoveNext());
        Assert.Equal(-1L, read.TagGroup2);
#else
        Assert.Skip(ReferenceData.MissingMessage);
#endif
    }

    [Fact]
    public void VersionedMessage_V2FrameOnV1Decoder_UsesTheActingBlockLength()
    {
#if SBE_REFERENCE
        var buffer = new byte[128];
        var e = VersionedV2.VersionedMessageV2Encoder.WrapAndApplyHeader(buffer);
        e.SetFieldA1(1);
        e.SetFieldB1(2);
        e.SetFieldC2(3);
        e.SetString1("text"u8);
        Assert.True(VersionedV1.VersionedMessageV1Decoder.TryWrap(buffer.AsSpan(0, e.EncodedLength), out var d, out var error), error.ToString());
        Assert.Equal(20, d.ActingBlockLength);
        Assert.Equal(2, d.ActingVersion);
        Assert.Equal(1U, d.FieldA1);
        Assert.Equal(2U, d.FieldB1);
        Assert.True(d.TryGetString1(out var text, out _));
        Assert.True(text.SequenceEqual("text"u8));

        // The v2 schema adds fields without sinceVersion: a v1 frame lacks bytes they need, and is refused.
        var v1 = VersionedV1.VersionedMessageV1Encoder.WrapAndApplyHeader(buffer);
        v1.SetString1(""u8);
        Assert.False(VersionedV2.VersionedMessageV2Decoder.TryWrap(buffer.AsSpan(0, v1.EncodedLength), out _, out var v2Error));
        Assert.Equal(VersionedV2.SbeDecodeError.BlockLengthTooSmall, v2Error);
#else
        Assert.Skip(ReferenceData.MissingMessage);
#endif
    }

    [Fact]
    public void ConstantHeaderField_RoundTrip_LeavesItOffTheWire()
    {
#if SBE_REFERENCE
        var buffer = new byte[64];
        var e = ConstantHeader.TestMessage50001Encoder.WrapAndApplyHeader(buffer);
        e.SetTag40001(0xCAFE);
        Assert.Equal(6, ConstantHeader.MessageHeaderEncoder.EncodedLength); // schemaId is a constant: 3 uint16 on the wire
        Assert.Equal(6 + 16, e.EncodedLength);
        Assert.Equal(50001, BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(2)));
        Assert.True(ConstantHeader.TestMessage50001Decoder.TryWrap(buffer.AsSpan(0, e.EncodedLength), out var d, out _));
        Assert.Equal(0xCAFEU, d.Tag40001);
        Assert.Equal((ushort)1, ConstantHeader.MessageHeaderDecoder.SchemaId);
#else
        Assert.Skip(ReferenceData.MissingMessage);
#endif
    }
}
