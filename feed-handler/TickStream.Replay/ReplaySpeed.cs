using System.Globalization;

namespace TickStream.Replay;

/// <summary>Parses a replay speed as given on a command line: <c>1</c>, <c>10</c>, <c>2.5</c>, <c>10x</c> or <c>max</c>.</summary>
public static class ReplaySpeed
{
    /// <summary>The speed that means as fast as possible.</summary>
    public const double Max = double.PositiveInfinity;

    /// <summary>Parses a speed, or says why it cannot.</summary>
    /// <param name="text">The text.</param>
    /// <param name="speed">The factor (recorded time per wall time), <see cref="Max"/> for <c>max</c>.</param>
    /// <param name="error">Why not, when the result is false.</param>
    /// <returns>Whether the text is a speed.</returns>
    public static bool TryParse(string? text, out double speed, out string? error)
    {
        speed = 0;
        var trimmed = (text ?? "").Trim();
        if (trimmed.Equals("max", StringComparison.OrdinalIgnoreCase))
        {
            speed = Max;
            error = null;
            return true;
        }

        var number = trimmed.EndsWith('x') || trimmed.EndsWith('X') ? trimmed[..^1] : trimmed;
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out speed)
            && double.IsFinite(speed) && speed > 0)
        {
            error = null;
            return true;
        }

        error = $"speed '{text}' is not a positive factor (1, 10, 0.5, 10x) or 'max'";
        return false;
    }

    /// <summary>How a speed reads in text: <c>max</c> or the factor with an x.</summary>
    /// <param name="speed">The speed.</param>
    /// <returns>The text.</returns>
    public static string Format(double speed) =>
        double.IsPositiveInfinity(speed) || speed == 0 ? "max" : speed.ToString("0.###", CultureInfo.InvariantCulture) + "x";
}
