using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TickStream.Wire;

namespace TickStream.Client;

/// <summary>
/// The one place that knows the byte offsets of docs/WIRE.md: validates an SBE frame and reads its fixed fields.
/// </summary>
/// <remarks>
/// Kept in one type on purpose: every other part of the client reads frames through it, so moving to the
/// schema-generated decoders changes this file only.
/// </remarks>
internal static class FrameReader
{
    public const ushort SchemaId = FrameValidator.SchemaId;
    public const int HeaderLength = FrameValidator.HeaderLength;

    // Header fields.
    private const int BlockLengthOffset = 0;
    private const int VersionOffset = 6;

    // The prefix Trade, Quote, BookUpdate and Snapshot share, from the start of the frame (block offset + 8).
    public const int StreamSeqOffset = HeaderLength + 0;
    public const int SymbolSeqOffset = HeaderLength + 8;
    public const int ExchangeTimeOffset = HeaderLength + 16;
    public const int IngestTimeOffset = HeaderLength + 24;
    public const int InstrumentIdOffset = HeaderLength + 32;
    public const int StreamIdOffset = HeaderLength + 36;
    public const int FlagsOffset = HeaderLength + 38;
    public const int SymbolOffset = HeaderLength + 40;
    public const int VenueOffset = HeaderLength + 56;
    public const int SymbolLength = 16;
    public const int VenueLength = 4;

    // Trade.
    public const int AggressorSideOffset = HeaderLength + 60;
    public const int TradePriceOffset = HeaderLength + 64;
    public const int TradeSizeOffset = HeaderLength + 72;
    public const int TradeIdOffset = HeaderLength + 80;

    // Quote.
    public const int BidPriceOffset = HeaderLength + 64;
    public const int BidSizeOffset = HeaderLength + 72;
    public const int AskPriceOffset = HeaderLength + 80;
    public const int AskSizeOffset = HeaderLength + 88;

    // Heartbeat and StreamStart share their first three fields' layout.
    public const int HeartbeatStreamSeqOffset = HeaderLength + 0;
    public const int StreamStartSessionIdOffset = HeaderLength + 0;
    public const int ControlTimeOffset = HeaderLength + 8;
    public const int ControlStreamIdOffset = HeaderLength + 16;

    // InstrumentDefinition.
    public const int DefinitionTimeOffset = HeaderLength + 8;
    public const int DefinitionTickSizeOffset = HeaderLength + 16;
    public const int DefinitionInstrumentIdOffset = HeaderLength + 24;
    public const int DefinitionStreamIdOffset = HeaderLength + 28;
    public const int DefinitionSymbolOffset = HeaderLength + 36;

    /// <summary>Group header of BookUpdate's levels: blockLength uint16, numInGroup uint16.</summary>
    public const int GroupHeaderLength = 4;

    /// <summary>
    /// Checks that <paramref name="frame"/> is a TickStream SBE frame long enough for every fixed field this
    /// client reads, with its groups and var data inside it, and returns its kind; <see cref="TickKind.None"/> with
    /// the reason otherwise. The rules are <see cref="FrameValidator.ValidateFrame"/>'s, shared with the gateway.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TickKind Validate(ReadOnlySpan<byte> frame, out MalformedReason reason)
    {
        var rejection = FrameValidator.ValidateFrame(frame, out var templateId);
        reason = ReasonOf(rejection);
        return rejection == FrameRejection.None ? (TickKind)templateId : TickKind.None;
    }

    /// <summary>The client's reason for a validator's rejection (the client reports length problems as one reason).</summary>
    public static MalformedReason ReasonOf(FrameRejection rejection) => rejection switch
    {
        FrameRejection.None => MalformedReason.None,
        FrameRejection.NoTopic or FrameRejection.BadTopic => MalformedReason.NoTopic,
        FrameRejection.WrongSchema => MalformedReason.WrongSchema,
        FrameRejection.UnknownTemplate => MalformedReason.UnknownTemplate,
        FrameRejection.TopicMismatch or FrameRejection.SymbolMismatch => MalformedReason.TopicMismatch,
        _ => MalformedReason.TooShort,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort BlockLength(ReadOnlySpan<byte> frame) =>
        BinaryPrimitives.ReadUInt16LittleEndian(frame[BlockLengthOffset..]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Version(ReadOnlySpan<byte> frame) =>
        BinaryPrimitives.ReadUInt16LittleEndian(frame[VersionOffset..]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong UInt64(ReadOnlySpan<byte> frame, int offset) =>
        BinaryPrimitives.ReadUInt64LittleEndian(frame[offset..]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Int64(ReadOnlySpan<byte> frame, int offset) =>
        BinaryPrimitives.ReadInt64LittleEndian(frame[offset..]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint UInt32(ReadOnlySpan<byte> frame, int offset) =>
        BinaryPrimitives.ReadUInt32LittleEndian(frame[offset..]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort UInt16(ReadOnlySpan<byte> frame, int offset) =>
        BinaryPrimitives.ReadUInt16LittleEndian(frame[offset..]);

    /// <summary>The stream id of any valid frame, wherever its template keeps it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort StreamId(ReadOnlySpan<byte> frame, TickKind kind) => kind switch
    {
        TickKind.Heartbeat or TickKind.StreamStart => UInt16(frame, ControlStreamIdOffset),
        TickKind.InstrumentDefinition => UInt16(frame, DefinitionStreamIdOffset),
        _ => UInt16(frame, StreamIdOffset),
    };

    /// <summary>Where the 16 symbol bytes sit in a frame of this kind; -1 when it has none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SymbolFieldOffset(TickKind kind) => kind switch
    {
        TickKind.Trade or TickKind.Quote or TickKind.BookUpdate or TickKind.Snapshot => SymbolOffset,
        TickKind.InstrumentDefinition => DefinitionSymbolOffset,
        _ => -1,
    };

    /// <summary>A NUL-padded char[n] field up to its first NUL.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> Text(ReadOnlySpan<byte> frame, int offset, int length)
    {
        var field = frame.Slice(offset, length);
        var end = field.IndexOf((byte)0);
        return end < 0 ? field : field[..end];
    }

    /// <summary>The 16 symbol bytes as two words: a dictionary key that needs no string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SymbolWords(ReadOnlySpan<byte> frame, int offset, out ulong low, out ulong high)
    {
        low = MemoryMarshal.Read<ulong>(frame[offset..]);
        high = MemoryMarshal.Read<ulong>(frame[(offset + 8)..]);
    }

    /// <summary>Bytes of a BookUpdate level's fields in version 0: price, size, level, side, action.</summary>
    public const int BookLevelFieldsLength = FrameValidator.BookLevelFieldsLength;

    /// <summary>The number of levels of a BookUpdate, or -1 when its group lies outside the frame or its entries are too short.</summary>
    public static int BookLevelCount(ReadOnlySpan<byte> frame, out int entryLength, out int firstEntryOffset)
    {
        var groupOffset = HeaderLength + BlockLength(frame);
        if (frame.Length < groupOffset + GroupHeaderLength)
        {
            entryLength = 0;
            firstEntryOffset = 0;
            return -1;
        }

        entryLength = UInt16(frame, groupOffset);
        var count = UInt16(frame, groupOffset + 2);
        firstEntryOffset = groupOffset + GroupHeaderLength;

        // An entry shorter than version 0's fields (price, size, level, side, action) cannot be read: malformed.
        // The product is taken in 64 bits: two uint16 maxima overflow an int and would pass the length check.
        return entryLength < BookLevelFieldsLength || frame.Length < firstEntryOffset + ((long)entryLength * count) ? -1 : count;
    }

    /// <summary>A var data field (uint16 length, then bytes) at <paramref name="offset"/>; empty when cut off.</summary>
    public static ReadOnlySpan<byte> VarData(ReadOnlySpan<byte> frame, int offset)
    {
        if (frame.Length < offset + 2)
        {
            return default;
        }

        var length = UInt16(frame, offset);
        return frame.Length < offset + 2 + length ? default : frame.Slice(offset + 2, length);
    }
}
