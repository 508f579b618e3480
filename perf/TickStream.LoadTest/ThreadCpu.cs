using System.Globalization;

namespace TickStream.LoadTest;

/// <summary>
/// CPU time per thread of this process, from Linux's /proc/self/task/*/stat (utime + stime), so a run can say
/// which thread spent the publishing process's cores. Empty where /proc is not there.
/// </summary>
internal static class ThreadCpu
{
    // USER_HZ: the unit of utime and stime. 100 on every Linux .NET runs on.
    private const double ClockTicksPerSecond = 100;

    /// <summary>CPU seconds so far of every live thread, by thread id, with the thread's name.</summary>
    public static Dictionary<int, (string Name, double Seconds)> Sample()
    {
        var result = new Dictionary<int, (string, double)>();
        const string tasks = "/proc/self/task";
        if (!Directory.Exists(tasks))
        {
            return result;
        }

        foreach (var dir in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));

                // "tid (comm) state ppid ...": comm may hold spaces and parentheses, so split at the last ')'.
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                if (open < 0 || close < open)
                {
                    continue;
                }

                var fields = stat[(close + 2)..].Split(' ');
                var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
                var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
                var tid = int.Parse(stat.AsSpan(0, open).Trim(), CultureInfo.InvariantCulture);
                result[tid] = (stat[(open + 1)..close], (utime + stime) / ClockTicksPerSecond);
            }
            catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
            {
                // The thread ended between the listing and the read.
            }
        }

        return result;
    }

    /// <summary>
    /// Cores per thread group between two samples over <paramref name="wallSeconds"/>, the busiest first; threads
    /// are grouped by name with digits dropped (thread-pool workers share one name).
    /// </summary>
    /// <remarks>
    /// A thread that ended before the second sample (a source thread that finished its ticks) is not in it: what
    /// the process spent beyond the threads listed is given as "ended threads".
    /// </remarks>
    public static List<ThreadCores> Between(Dictionary<int, (string Name, double Seconds)> before, Dictionary<int, (string Name, double Seconds)> after, double wallSeconds, double processSeconds)
    {
        var groups = new Dictionary<string, double>();
        var listed = 0.0;
        foreach (var (tid, (name, seconds)) in after)
        {
            var spent = seconds - (before.TryGetValue(tid, out var b) ? b.Seconds : 0);
            var key = GroupName(name);
            groups[key] = groups.GetValueOrDefault(key) + spent;
            listed += spent;
        }

        if (after.Count > 0 && processSeconds - listed > 0.01 * wallSeconds)
        {
            groups["ended threads"] = processSeconds - listed;
        }

        var list = new List<ThreadCores>();
        foreach (var (name, seconds) in groups)
        {
            if (seconds > 0 && wallSeconds > 0)
            {
                list.Add(new ThreadCores(name, Math.Round(seconds / wallSeconds, 3)));
            }
        }

        list.Sort((x, y) => y.Cores.CompareTo(x.Cores));
        return list;
    }

    private static string GroupName(string name)
    {
        Span<char> buffer = stackalloc char[name.Length];
        var n = 0;
        foreach (var c in name)
        {
            if (!char.IsAsciiDigit(c))
            {
                buffer[n++] = c;
            }
        }

        return new string(buffer[..n]).Trim();
    }
}
