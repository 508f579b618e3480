using System.Runtime.InteropServices;

namespace TickStream.Sources;

/// <summary>
/// Sleeps for less than a millisecond without spinning: <see cref="Thread.Sleep(int)"/> rounds to whole
/// milliseconds, so a paced source that wants to wake every 100 us would otherwise have to spin or yield a core
/// away. On Linux it calls <c>clock_nanosleep</c> on the monotonic clock (the kernel's timer slack, 50 us by
/// default, is added to each sleep); elsewhere it yields.
/// </summary>
internal static partial class PreciseSleep
{
    private const int ClockMonotonic = 1;

    /// <summary>True where a sub-millisecond sleep is available.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux();

    /// <summary>Sleeps about <paramref name="nanoseconds"/> (plus the timer slack); yields where unsupported.</summary>
    /// <param name="nanoseconds">How long, below one second.</param>
    public static void Sleep(long nanoseconds)
    {
        if (!IsSupported || nanoseconds <= 0)
        {
            Thread.Yield();
            return;
        }

        var request = new TimeSpec { Seconds = 0, Nanoseconds = Math.Min(nanoseconds, 999_999_999) };

        // An interrupted sleep (EINTR) just returns early: the caller re-reads the clock and decides again.
        _ = ClockNanosleep(ClockMonotonic, 0, in request, IntPtr.Zero);
    }

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clockId, int flags, in TimeSpec request, IntPtr remaining);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
