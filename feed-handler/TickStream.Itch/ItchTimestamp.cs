using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace TickStream.Itch;

/// <summary>The 6-byte big-endian nanoseconds-since-midnight timestamp every ITCH message carries at offset 5.</summary>
public static class ItchTimestamp
{
    /// <summary>Offset of the timestamp inside every message.</summary>
    public const int Offset = 5;

    /// <summary>Reads the timestamp of a message.</summary>
    /// <param name="message">The message, starting at its type byte; at least 11 bytes.</param>
    /// <returns>Nanoseconds since midnight.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Read(ReadOnlySpan<byte> message)
    {
        var high = BinaryPrimitives.ReadUInt16BigEndian(message.Slice(Offset));
        var low = BinaryPrimitives.ReadUInt32BigEndian(message.Slice(Offset + 2));
        return ((long)high << 32) | low;
    }
}
