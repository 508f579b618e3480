using System.Text;
using TickStream.Wire;

namespace TickStream.Gateway;

/// <summary>
/// A symbol an entitlement grants: an exact symbol (<c>AAPL</c>), a prefix pattern (<c>MS*</c>) or every symbol
/// (<c>*</c>).
/// </summary>
public sealed class SymbolPattern
{
    private readonly byte[] _literal;

    private SymbolPattern(byte[] literal, bool isPrefix, string text)
    {
        _literal = literal;
        IsPrefix = isPrefix;
        Text = text;
    }

    /// <summary>True for <c>XYZ*</c> and <c>*</c>: every symbol that starts with the literal part.</summary>
    public bool IsPrefix { get; }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>Parses <c>AAPL</c>, <c>MS*</c> or <c>*</c>.</summary>
    /// <param name="text">The pattern text.</param>
    /// <param name="pattern">The pattern when valid.</param>
    /// <param name="error">Why it is not valid.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParse(string text, out SymbolPattern? pattern, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        pattern = null;
        var isPrefix = text.EndsWith('*');
        var literal = isPrefix ? text[..^1] : text;
        var bytes = Encoding.ASCII.GetBytes(literal);
        if (literal.Contains('*', StringComparison.Ordinal) || literal.Length != bytes.Length
            || (bytes.Length > 0 && !Topic.IsValidSymbol(bytes)) || (!isPrefix && bytes.Length == 0))
        {
            error = $"'{text}' is not a symbol pattern: expected a symbol (AAPL), a prefix ending in * (MS*) or *";
            return false;
        }

        error = null;
        pattern = new SymbolPattern(bytes, isPrefix, text);
        return true;
    }

    /// <summary>Whether the pattern grants <paramref name="symbol"/>.</summary>
    /// <param name="symbol">ASCII symbol bytes.</param>
    /// <returns>True when granted.</returns>
    public bool Matches(ReadOnlySpan<byte> symbol) =>
        IsPrefix ? symbol.StartsWith(_literal) : symbol.SequenceEqual(_literal);

    /// <summary>
    /// Whether every symbol that starts with <paramref name="symbolPrefix"/> is granted: what an open-ended
    /// subscription (<c>Q.MS</c>, <c>Q.</c>) needs.
    /// </summary>
    /// <param name="symbolPrefix">The beginning of a symbol, possibly empty.</param>
    /// <returns>True when the pattern covers them all.</returns>
    public bool Covers(ReadOnlySpan<byte> symbolPrefix) => IsPrefix && symbolPrefix.StartsWith(_literal);

    /// <inheritdoc />
    public override string ToString() => Text;
}
