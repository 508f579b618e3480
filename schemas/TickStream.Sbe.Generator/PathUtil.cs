using System.Collections.Generic;

namespace TickStream.Sbe.Generator;

/// <summary>Path arithmetic for xi:include without touching the file system.</summary>
internal static class PathUtil
{
    public static string Normalize(string path)
    {
        var p = path.Replace('\\', '/');
        var rooted = p.StartsWith("/", System.StringComparison.Ordinal);
        var parts = new List<string>();
        foreach (var part in p.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0 && parts[parts.Count - 1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else
            {
                parts.Add(part);
            }
        }

        return (rooted ? "/" : "") + string.Join("/", parts);
    }

    /// <summary>The normalised path of <paramref name="href"/> relative to the directory of <paramref name="including"/>.</summary>
    public static string Resolve(string including, string href)
    {
        var h = href.Replace('\\', '/');
        if (h.StartsWith("/", System.StringComparison.Ordinal) || (h.Length > 1 && h[1] == ':'))
        {
            return Normalize(h);
        }

        var inc = Normalize(including);
        var slash = inc.LastIndexOf('/');
        var dir = slash >= 0 ? inc.Substring(0, slash + 1) : "";
        return Normalize(dir + h);
    }
}
