namespace TickStream.Wire;

/// <summary>
/// The clock of every time on the wire: nanoseconds since the Unix epoch, UTC, read from the host's realtime clock.
/// </summary>
/// <remarks>
/// Feed handlers stamp ingestTime with it and subscribers subtract it from their own reading, so on one host both
/// ends read the same kernel clock (CLOCK_REALTIME behind <see cref="DateTime.UtcNow"/> on Linux, 100 ns
/// resolution). Across hosts the difference also carries the hosts' clock synchronisation error (docs/WIRE.md).
/// </remarks>
public static class WireClock
{
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    /// <summary>Now, in nanoseconds since the Unix epoch.</summary>
    /// <returns>The time.</returns>
    public static long NowNanoseconds() => (DateTime.UtcNow.Ticks - UnixEpochTicks) * 100;

    /// <summary>Converts wire nanoseconds to a <see cref="DateTime"/> (UTC), losing what is below 100 ns.</summary>
    /// <param name="nanoseconds">Nanoseconds since the Unix epoch.</param>
    /// <returns>The UTC time.</returns>
    public static DateTime ToDateTime(long nanoseconds) => new(UnixEpochTicks + (nanoseconds / 100), DateTimeKind.Utc);
}
