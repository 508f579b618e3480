using System.Security.Cryptography;
using System.Text;

namespace TickStream.Gateway;

/// <summary>
/// The entitlements file: one credential per line, then the symbol patterns it grants.
/// <code>
/// # credential            symbols
/// 7f3e9c0a5d1b4e2f8a6c   AAPL MSFT MS*
/// ops-2f8a6c7f3e9c0a5d   *
/// </code>
/// Blank lines and lines starting with <c>#</c> are ignored. A credential is a secret string (16 characters or
/// more) a client presents in a <c>LOGIN</c> request (docs/SECURITY.md).
/// </summary>
public sealed class EntitlementTable
{
    /// <summary>The shortest credential accepted: shorter ones are too easy to guess.</summary>
    public const int MinCredentialLength = 16;

    private readonly Dictionary<string, EntitlementGrant> _grants;

    private EntitlementTable(Dictionary<string, EntitlementGrant> grants) => _grants = grants;

    /// <summary>How many credentials the table holds.</summary>
    public int Count => _grants.Count;

    /// <summary>Reads an entitlements file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The table.</returns>
    /// <exception cref="FormatException">A line is not valid; the message names the file and line.</exception>
    public static EntitlementTable Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!TryParse(File.ReadAllText(path), path, out var table, out var error))
        {
            throw new FormatException(error);
        }

        return table!;
    }

    /// <summary>Parses the text of an entitlements file.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="source">The file name for error messages.</param>
    /// <param name="table">The table when valid.</param>
    /// <param name="error">What is wrong and where.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParse(string text, string source, out EntitlementTable? table, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        table = null;
        var grants = new Dictionary<string, EntitlementGrant>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var where = $"{source}:{lineNumber}";
            if (parts.Length < 2)
            {
                error = $"{where}: expected a credential then at least one symbol pattern (AAPL, MS*, *)";
                return false;
            }

            if (parts[0].Length < MinCredentialLength)
            {
                error = $"{where}: the credential is {parts[0].Length} characters; at least {MinCredentialLength} are required";
                return false;
            }

            var patterns = new List<SymbolPattern>();
            for (var i = 1; i < parts.Length; i++)
            {
                if (!SymbolPattern.TryParse(parts[i], out var pattern, out var patternError))
                {
                    error = $"{where}: {patternError}";
                    return false;
                }

                patterns.Add(pattern!);
            }

            if (!grants.TryAdd(parts[0], new EntitlementGrant($"line {lineNumber}", patterns)))
            {
                error = $"{where}: the credential is already listed on an earlier line";
                return false;
            }
        }

        error = null;
        table = new EntitlementTable(grants);
        return true;
    }

    /// <summary>The grant of a credential, compared in constant time per candidate.</summary>
    /// <param name="credential">What the client presented.</param>
    /// <param name="grant">The grant when the credential is known.</param>
    /// <returns>True when known.</returns>
    public bool TryGetGrant(string credential, out EntitlementGrant? grant)
    {
        grant = null;
        if (string.IsNullOrEmpty(credential))
        {
            return false;
        }

        var presented = Encoding.UTF8.GetBytes(credential);
        foreach (var (known, knownGrant) in _grants)
        {
            // Every candidate is compared in full so timing does not reveal how much of a credential matched.
            if (CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(known)))
            {
                grant = knownGrant;
            }
        }

        return grant is not null;
    }
}
