using System.Globalization;
using System.Text;
using TickStream.Sources;

namespace TickStream.Replay;

/// <summary>Parses and prints the times replay bounds take: ISO-8601 UTC or integer nanoseconds since the epoch.</summary>
public static class ReplayTime
{
    /// <summary>Parses a time, or says why it cannot.</summary>
    /// <param name="text">E.g. <c>2024-03-01T14:30:00.5Z</c> or <c>1709303400500000000</c>.</param>
    /// <param name="ns">Nanoseconds since the Unix epoch, UTC.</param>
    /// <param name="error">Why not, when the result is false.</param>
    /// <returns>Whether the text is a time.</returns>
    public static bool TryParse(string? text, out long ns, out string? error)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length > 0 && trimmed.Length <= 64 && Ascii.IsValid(trimmed)
            && CsvTickParser.TryParseTimestampNs(Encoding.ASCII.GetBytes(trimmed), out ns))
        {
            error = null;
            return true;
        }

        ns = 0;
        error = $"time '{text}' is neither ISO-8601 UTC (2024-03-01T14:30:00.123456789Z) nor integer nanoseconds since 1970";
        return false;
    }

    /// <summary>Prints a time as ISO-8601 UTC with nanoseconds.</summary>
    /// <param name="ns">Nanoseconds since the Unix epoch.</param>
    /// <returns>E.g. <c>2024-03-01T14:30:00.500000000Z</c>.</returns>
    public static string Format(long ns)
    {
        var seconds = Math.DivRem(ns, 1_000_000_000L, out var fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += 1_000_000_000L;
        }

        var whole = DateTime.UnixEpoch.AddSeconds(seconds);
        return whole.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "."
            + fraction.ToString("000000000", CultureInfo.InvariantCulture) + "Z";
    }
}
