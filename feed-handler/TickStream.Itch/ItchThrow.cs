using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TickStream.Itch;

/// <summary>Throw helpers kept out of line so the hot accessors stay small. Only API misuse throws.</summary>
internal static class ItchThrow
{
    [DoesNotReturn]
    public static void MessageTooShort(byte type, int expected, int actual) =>
        throw new ArgumentOutOfRangeException(
            nameof(actual),
            actual,
            string.Format(CultureInfo.InvariantCulture, "An ITCH '{0}' message needs {1} bytes but the buffer holds {2}.", (char)type, expected, actual));
}
