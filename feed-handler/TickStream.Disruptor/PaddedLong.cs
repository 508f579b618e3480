using System.Runtime.InteropServices;

namespace TickStream.Disruptor;

/// <summary>
/// A 64-bit value alone on its cache lines: 64 bytes of padding before and after it, so that two values written
/// by different threads never share a 64-byte line (and the adjacent-line prefetcher pairs are covered too).
/// </summary>
/// <remarks>
/// The struct carries no ordering by itself: every owner reads and writes <see cref="Value"/> through
/// <see cref="Volatile"/> or <see cref="Interlocked"/> as its own remarks say.
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = PaddingBytes + sizeof(long) + PaddingBytes)]
internal struct PaddedLong
{
    /// <summary>Bytes of padding on each side of <see cref="Value"/>.</summary>
    public const int PaddingBytes = 64;

    /// <summary>The value; see the owner for the memory-ordering contract.</summary>
    [FieldOffset(PaddingBytes)]
    public long Value;
}
