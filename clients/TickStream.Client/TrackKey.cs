using System.Runtime.CompilerServices;

namespace TickStream.Client;

/// <summary>
/// (stream, class, symbol) as plain words: the 16 NUL-padded symbol bytes in two ulongs, so a frame can be looked
/// up without making a string.
/// </summary>
internal readonly struct TrackKey(ulong symbolLow, ulong symbolHigh, ushort streamId, TickKind kind) : IEquatable<TrackKey>
{
    public ulong SymbolLow { get; } = symbolLow;

    public ulong SymbolHigh { get; } = symbolHigh;

    public uint StreamAndKind { get; } = ((uint)streamId << 8) | (byte)kind;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Equals(TrackKey other) =>
        SymbolLow == other.SymbolLow && SymbolHigh == other.SymbolHigh && StreamAndKind == other.StreamAndKind;

    public override bool Equals(object? obj) => obj is TrackKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(SymbolLow, SymbolHigh, StreamAndKind);
}
