using System.Collections.Generic;
using System.Text;

namespace TickStream.Sbe.Generator;

/// <summary>Turns schema names into C# identifiers.</summary>
internal static class CodeNames
{
    private static readonly HashSet<string> Reserved = new()
    {
        "BlockLength", "TemplateId", "SchemaId", "SchemaVersion", "ActingVersion", "ActingBlockLength", "EncodedLength",
        "Count", "Index", "Error", "MoveNext", "Next", "TryNext", "HeaderLength", "TryWrap", "Wrap", "TryWrapAndApplyHeader",
        "WrapAndApplyHeader", "TryComputeLength", "TrySkip", "Offset", "Buffer", "GetType", "ToString", "Equals", "GetHashCode",
    };

    private static readonly HashSet<string> ReservedInComposite = new()
    {
        "EncodedLength", "Offset", "ActingVersion", "TryWrap", "GetType", "ToString", "Equals", "GetHashCode",
    };

    public static bool IsReserved(string pascal) => Reserved.Contains(pascal);

    public static bool IsReservedInComposite(string pascal) => ReservedInComposite.Contains(pascal);

    /// <summary>PascalCase of a schema name: separators dropped, each word capitalised, a leading digit prefixed.</summary>
    public static string Pascal(string name)
    {
        var sb = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c) && c < 128)
            {
                sb.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else if (c == '_' && sb.Length > 0)
            {
                sb.Append(c);
            }
            else
            {
                upper = true;
            }
        }

        if (sb.Length == 0 || char.IsDigit(sb[0]))
        {
            sb.Insert(0, '_');
        }

        return sb.ToString();
    }

    /// <summary>A namespace from a schema package: each dot-separated part in PascalCase.</summary>
    public static string Namespace(string package)
    {
        var parts = package.Split('.');
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            if (part.Trim().Length == 0)
            {
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append('.');
            }

            sb.Append(Pascal(part));
        }

        return sb.Length == 0 ? "Sbe" : sb.ToString();
    }

    public static string Global(string ns, string type) => "global::" + ns + "." + type;

    /// <summary>Escapes text for an XML doc comment on one line.</summary>
    public static string Doc(string? text, string fallback)
    {
        var t = string.IsNullOrWhiteSpace(text) ? fallback : text!;
        var sb = new StringBuilder(t.Length);
        foreach (var c in t)
        {
            switch (c)
            {
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '&': sb.Append("&amp;"); break;
                case '\r': break;
                case '\n': sb.Append(' '); break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString().Trim();
    }

    /// <summary>A C# string literal.</summary>
    public static string StringLiteral(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\').Append(c);
            }
            else if (c < 32 || c > 126)
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.Append('"').ToString();
    }
}
