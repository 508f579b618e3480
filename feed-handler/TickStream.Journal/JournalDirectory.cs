using System.Globalization;

namespace TickStream.Journal;

/// <summary>Finds and names the segment files of a journal directory.</summary>
internal static class JournalDirectory
{
    /// <summary>Digits of a segment number in a file name: sortable by name up to 99,999,999 segments.</summary>
    public const int NameDigits = 8;

    /// <summary>The segment paths of <paramref name="directory"/> in segment order; throws if it is missing.</summary>
    public static List<(uint Number, string Path)> ListSegments(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new JournalException($"journal directory '{directory}' does not exist");
        }

        var segments = new List<(uint, string)>();
        try
        {
            foreach (string path in Directory.EnumerateFiles(directory, "*" + JournalFormat.SegmentExtension))
            {
                if (TryParseNumber(Path.GetFileName(path), out uint number))
                {
                    segments.Add((number, path));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new JournalException($"journal directory '{directory}' cannot be listed: {e.Message}", e);
        }

        segments.Sort(static (a, b) => a.Item1.CompareTo(b.Item1));
        return segments;
    }

    /// <summary>The path of segment <paramref name="number"/> in <paramref name="directory"/>.</summary>
    public static string SegmentPath(string directory, uint number) =>
        Path.Combine(directory, number.ToString("D8", CultureInfo.InvariantCulture) + JournalFormat.SegmentExtension);

    /// <summary>The index file that belongs to a segment file.</summary>
    public static string IndexPathOf(string segmentPath) => Path.ChangeExtension(segmentPath, JournalFormat.IndexExtension);

    private static bool TryParseNumber(string fileName, out uint number)
    {
        number = 0;
        ReadOnlySpan<char> stem = Path.GetFileNameWithoutExtension(fileName.AsSpan());
        if (stem.Length != NameDigits)
        {
            return false;
        }

        foreach (char c in stem)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return uint.TryParse(stem, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0;
    }
}
