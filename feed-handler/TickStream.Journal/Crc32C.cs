using System.IO.Hashing;

namespace TickStream.Journal;

/// <summary>CRC-32C (Castagnoli), the checksum of every journal record, header and index entry.</summary>
/// <remarks>
/// System.IO.Hashing computes it (vectorised where the processor allows); one hasher per thread serves the
/// two-part record checksum without allocating per record.
/// </remarks>
internal static class Crc32C
{
    [ThreadStatic]
    private static Crc32? t_hasher;

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, data);

    /// <summary>The CRC-32C of <paramref name="first"/> followed by <paramref name="second"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var hasher = t_hasher ??= new Crc32(Crc32ParameterSet.Crc32C);
        hasher.Reset();
        hasher.Append(first);
        hasher.Append(second);
        return hasher.GetCurrentHashAsUInt32();
    }
}
