using System.Text;

namespace TickStream.Recovery;

/// <summary>How request text is split and how client input is echoed in error replies.</summary>
public static class RequestText
{
    private static readonly char[] Separators = [' ', '\t', '\r', '\n'];

    /// <summary>The words of a request: separated by spaces, tabs and line ends.</summary>
    /// <param name="text">The request text.</param>
    /// <returns>The words, none empty.</returns>
    public static string[] Words(string text) => (text ?? string.Empty).Split(Separators, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Client input cut to 32 characters and stripped of control characters, so an error line stays readable.</summary>
    /// <param name="text">The input.</param>
    /// <returns>The printable echo.</returns>
    public static string Printable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cut = text.Length > 32 ? text[..32] + "..." : text;
        var builder = new StringBuilder(cut.Length);
        foreach (var c in cut)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.ToString();
    }
}
