namespace TickStream.Itch;

/// <summary>Helpers for ITCH Alpha fields: left-justified ASCII, right-padded with spaces.</summary>
public static class ItchAlpha
{
    /// <summary>The field without its trailing space padding.</summary>
    /// <param name="field">An Alpha field.</param>
    /// <returns>A slice of <paramref name="field"/>.</returns>
    public static ReadOnlySpan<byte> TrimEnd(ReadOnlySpan<byte> field)
    {
        var length = field.Length;
        while (length > 0 && field[length - 1] == (byte)' ')
        {
            length--;
        }

        return field[..length];
    }
}
