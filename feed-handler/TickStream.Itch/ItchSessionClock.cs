using System.Runtime.CompilerServices;

namespace TickStream.Itch;

/// <summary>
/// Turns ITCH timestamps (nanoseconds since midnight, US Eastern time) into nanoseconds since the Unix epoch for one
/// session date.
/// </summary>
public readonly record struct ItchSessionClock
{
    private const long NanosPerSecond = 1_000_000_000;

    private ItchSessionClock(long midnightEpochNs) => MidnightEpochNs = midnightEpochNs;

    /// <summary>The session's midnight in nanoseconds since the Unix epoch.</summary>
    public long MidnightEpochNs { get; }

    /// <summary>A clock whose midnight is the Unix epoch: timestamps stay nanoseconds since midnight.</summary>
    public static ItchSessionClock SinceMidnight => default;

    /// <summary>A clock for a Nasdaq session date: midnight in New York, with the US daylight saving rules in force since 2007.</summary>
    /// <param name="sessionDate">The trading date.</param>
    /// <returns>The clock.</returns>
    public static ItchSessionClock ForNasdaqDate(DateOnly sessionDate)
    {
        var offset = UsEasternOffsetAtMidnight(sessionDate);
        var midnightUtc = new DateTimeOffset(sessionDate.ToDateTime(TimeOnly.MinValue), offset);
        return FromMidnight(midnightUtc);
    }

    /// <summary>A clock for an explicit midnight.</summary>
    /// <param name="midnight">The session's midnight, with its UTC offset.</param>
    /// <returns>The clock.</returns>
    public static ItchSessionClock FromMidnight(DateTimeOffset midnight) =>
        new((midnight.UtcTicks - DateTime.UnixEpoch.Ticks) * (NanosPerSecond / TimeSpan.TicksPerSecond));

    /// <summary>The UTC offset of US Eastern time at midnight of <paramref name="date"/> (-4 h in daylight saving time, else -5 h).</summary>
    /// <param name="date">A date from 2007 on.</param>
    /// <returns>The offset.</returns>
    public static TimeSpan UsEasternOffsetAtMidnight(DateOnly date)
    {
        // Daylight saving starts at 02:00 on the second Sunday of March and ends at 02:00 on the first Sunday of
        // November, so midnight of the start day is still standard time and midnight of the end day is still daylight time.
        var start = NthSunday(date.Year, 3, 2);
        var end = NthSunday(date.Year, 11, 1);
        return date > start && date <= end ? TimeSpan.FromHours(-4) : TimeSpan.FromHours(-5);
    }

    /// <summary>Converts an ITCH timestamp.</summary>
    /// <param name="nanosSinceMidnight">Nanoseconds since midnight.</param>
    /// <returns>Nanoseconds since the Unix epoch.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ToEpochNanoseconds(long nanosSinceMidnight) => MidnightEpochNs + nanosSinceMidnight;

    private static DateOnly NthSunday(int year, int month, int n)
    {
        var first = new DateOnly(year, month, 1);
        var toSunday = ((int)DayOfWeek.Sunday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(toSunday + (7 * (n - 1)));
    }
}
