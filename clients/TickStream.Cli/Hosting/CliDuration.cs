using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace TickStream.Cli.Hosting;

/// <summary>
/// The one syntax of every duration option of every verb: 30s, 500ms, 2m, 1h, a bare number of seconds, or
/// 00:00:30. Negative values are refused, as is zero where it means nothing.
/// </summary>
internal static class CliDuration
{
    /// <summary>The forms accepted, for messages and help.</summary>
    public const string Syntax = "30s, 500ms, 2m, 1h or 00:00:30";

    /// <summary>Reads a duration; false with the reason when it is not one or is negative.</summary>
    public static bool TryParse(string? text, out TimeSpan duration, out string? error)
    {
        duration = TimeSpan.Zero;
        error = null;
        var value = (text ?? string.Empty).Trim();
        if (!TryRead(value, out duration))
        {
            error = $"'{text}' is not a duration: use e.g. {Syntax}";
            return false;
        }

        if (duration < TimeSpan.Zero)
        {
            error = $"'{text}' is negative: a duration is 0 or more, e.g. {Syntax}";
            return false;
        }

        return true;
    }

    /// <summary>An option that takes a duration, with a default.</summary>
    /// <param name="name">The option's name.</param>
    /// <param name="description">Its help text.</param>
    /// <param name="defaultValue">Its value when not given.</param>
    /// <param name="allowZero">Whether 0 is meaningful (else it is refused as not positive).</param>
    /// <param name="aliases">Other names.</param>
    public static Option<TimeSpan> Option(string name, string description, TimeSpan defaultValue, bool allowZero = false, params string[] aliases) =>
        new(name, aliases)
        {
            Description = $"{description} ({Syntax})",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => Parse(result, name, allowZero) ?? defaultValue,
        };

    /// <summary>An option that takes a duration and is null when not given.</summary>
    /// <param name="name">The option's name.</param>
    /// <param name="description">Its help text.</param>
    /// <param name="allowZero">Whether 0 is meaningful (else it is refused as not positive).</param>
    /// <param name="aliases">Other names.</param>
    public static Option<TimeSpan?> OptionalOption(string name, string description, bool allowZero = false, params string[] aliases) =>
        new(name, aliases)
        {
            Description = $"{description} ({Syntax})",
            CustomParser = result => Parse(result, name, allowZero),
        };

    private static TimeSpan? Parse(ArgumentResult result, string name, bool allowZero)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (!TryParse(text, out var duration, out var error))
        {
            result.AddError($"{name}: {error}");
            return null;
        }

        if (duration == TimeSpan.Zero && !allowZero)
        {
            result.AddError($"{name}: must be more than 0, e.g. {Syntax}");
            return null;
        }

        return duration;
    }

    private static bool TryRead(string value, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, seconds) in units)
        {
            if (value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(value[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
                && double.IsFinite(amount) && Math.Abs(amount * seconds) < TimeSpan.MaxValue.TotalSeconds)
            {
                duration = TimeSpan.FromSeconds(amount * seconds);
                return true;
            }
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain)
            && double.IsFinite(plain) && Math.Abs(plain) < TimeSpan.MaxValue.TotalSeconds)
        {
            duration = TimeSpan.FromSeconds(plain);
            return true;
        }

        return value.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out duration);
    }
}
