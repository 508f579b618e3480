using TickStream.Wire;

namespace TickStream.Gateway;

/// <summary>The symbols one credential may see, and the subscription prefixes that follow from them.</summary>
public sealed class EntitlementGrant
{
    /// <summary>Creates a grant.</summary>
    /// <param name="name">A name for logs (never the credential).</param>
    /// <param name="patterns">The granted symbol patterns.</param>
    public EntitlementGrant(string name, IReadOnlyList<SymbolPattern> patterns)
    {
        Name = name;
        Patterns = patterns ?? throw new ArgumentNullException(nameof(patterns));
    }

    /// <summary>A name for logs.</summary>
    public string Name { get; }

    /// <summary>The granted patterns.</summary>
    public IReadOnlyList<SymbolPattern> Patterns { get; }

    /// <summary>Whether the grant includes <paramref name="symbol"/>.</summary>
    /// <param name="symbol">ASCII symbol bytes.</param>
    /// <returns>True when entitled.</returns>
    public bool Allows(ReadOnlySpan<byte> symbol)
    {
        foreach (var pattern in Patterns)
        {
            if (pattern.Matches(symbol))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the grant includes <paramref name="symbol"/>.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>True when entitled.</returns>
    public bool Allows(string symbol) => Allows(System.Text.Encoding.ASCII.GetBytes(symbol ?? string.Empty));

    /// <summary>
    /// Whether a subscription prefix can only ever match frames of granted symbols (or the stream control
    /// frames <c>H|</c> and <c>S|</c>, which carry no symbol data).
    /// </summary>
    /// <param name="prefix">The subscription prefix as the client sent it, without the session part.</param>
    /// <returns>True when the subscription may be applied.</returns>
    public bool AllowsSubscription(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length == 0 || (prefix.Length == 1 && prefix[0] is not ((byte)'H' or (byte)'S')))
        {
            // Everything, or every symbol of a class: only a grant of every symbol covers that.
            return Covers(default);
        }

        if (prefix[0] is (byte)'H' or (byte)'S')
        {
            return prefix.Length == 1 || (prefix.Length == 2 && prefix[1] == Topic.Terminator);
        }

        if (prefix[0] is not ((byte)'T' or (byte)'Q' or (byte)'B' or (byte)'I') || prefix[1] != Topic.SymbolSeparator)
        {
            return false;
        }

        var symbolPart = prefix[2..];
        var end = symbolPart.IndexOf(Topic.Terminator);
        if (end < 0)
        {
            // Open-ended (Q.MS): every symbol that starts so must be granted.
            return Covers(symbolPart);
        }

        // Exact (Q.AAPL|) possibly followed by frame bytes: the symbol is what counts.
        return Allows(symbolPart[..end]);
    }

    private bool Covers(ReadOnlySpan<byte> symbolPrefix)
    {
        foreach (var pattern in Patterns)
        {
            if (pattern.Covers(symbolPrefix))
            {
                return true;
            }
        }

        return false;
    }
}
