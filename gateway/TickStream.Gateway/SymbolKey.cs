using System.Buffers.Binary;

namespace TickStream.Gateway;

/// <summary>
/// A (stream, symbol) pair packed into two machine words and a stream id, so a cache lookup from a received
/// frame's symbol bytes allocates nothing.
/// </summary>
internal readonly struct SymbolKey : IEquatable<SymbolKey>
{
    private readonly ulong _low;
    private readonly ulong _high;
    private readonly ushort _streamId;

    private SymbolKey(ulong low, ulong high, ushort streamId)
    {
        _low = low;
        _high = high;
        _streamId = streamId;
    }

    public ushort StreamId => _streamId;

    /// <summary>Packs a symbol of at most 16 ASCII bytes (NUL padding is cut by the caller or ignored here).</summary>
    public static SymbolKey Create(ushort streamId, ReadOnlySpan<byte> symbol)
    {
        Span<byte> packed = stackalloc byte[16];
        packed.Clear();
        symbol[..Math.Min(symbol.Length, 16)].CopyTo(packed);
        return new SymbolKey(
            BinaryPrimitives.ReadUInt64LittleEndian(packed),
            BinaryPrimitives.ReadUInt64LittleEndian(packed[8..]),
            streamId);
    }

    public bool Equals(SymbolKey other) => _low == other._low && _high == other._high && _streamId == other._streamId;

    public override bool Equals(object? obj) => obj is SymbolKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_low, _high, _streamId);
}
