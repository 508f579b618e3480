using System.Buffers.Binary;

namespace TickStream.Journal;

/// <summary>The 16-byte record header: message length, receive time and the CRC-32C that covers both and the message.</summary>
internal static class RecordCodec
{
    /// <summary>Offset of the CRC in the record header; the CRC covers the 12 bytes before it, then the message.</summary>
    public const int CrcOffset = 12;

    /// <summary>Writes the header for <paramref name="message"/> into the first 16 bytes of <paramref name="header"/>.</summary>
    public static void WriteHeader(Span<byte> header, ReadOnlySpan<byte> message, long receiveTimeNs)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)message.Length);
        BinaryPrimitives.WriteInt64LittleEndian(header[4..], receiveTimeNs);
        BinaryPrimitives.WriteUInt32LittleEndian(header[CrcOffset..], ComputeCrc(header[..CrcOffset], message));
    }

    /// <summary>The record CRC: CRC-32C over length and time (12 bytes), then over the message.</summary>
    public static uint ComputeCrc(ReadOnlySpan<byte> lengthAndTime, ReadOnlySpan<byte> message) =>
        Crc32C.Compute(lengthAndTime, message);
}
