namespace TickStream.Wire.Tests;

/// <summary>Builds expected frames from hex written by hand, one commented field per string.</summary>
internal static class Hex
{
    public static byte[] Bytes(params string[] parts) =>
        Convert.FromHexString(string.Concat(parts).Replace(" ", "", StringComparison.Ordinal));

    public static string Zeros(int count) => new('0', count * 2);
}
