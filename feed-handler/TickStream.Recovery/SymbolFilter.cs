namespace TickStream.Recovery;

/// <summary>Whether a requester may see a symbol's frames (entitlements); null filters mean every symbol.</summary>
/// <param name="symbol">The symbol as on the wire (ASCII).</param>
/// <returns>True when allowed.</returns>
public delegate bool SymbolFilter(ReadOnlySpan<byte> symbol);
