using System.Globalization;

namespace TickStream.LoadTest;

/// <summary>
/// CPU time and context switches per thread of this process, from Linux's /proc/self/task/*/stat (utime +
/// stime) and status (voluntary and involuntary switches), so a run can say which thread spent the publishing
/// process's cores and how often each was switched out. Empty where /proc is not there.
/// </summary>
internal static class ThreadCpu
{
    // USER_HZ: the unit of utime and stime. 100 on every Linux .NET runs on.
    private const double ClockTicksPerSecond = 100;

    /// <summary>CPU seconds and context switches so far of every live thread, by thread id.</summary>
    public static Dictionary<int, ThreadSample> Sample()
    {
        var result = new Dictionary<int, ThreadSample>();
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
                long voluntary = 0, involuntary = 0;
                foreach (var line in File.ReadLines(Path.Combine(dir, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        voluntary = long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim(), CultureInfo.InvariantCulture);
                    }
                    else if (line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        involuntary = long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim(), CultureInfo.InvariantCulture);
                    }
                }

                result[tid] = new ThreadSample(stat[(open + 1)..close], (utime + stime) / ClockTicksPerSecond, voluntary, involuntary);
            }
            catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
            {
                // The thread ended between the listing and the read.
            }
        }

        return result;
    }

    /// <summary>
    /// Cores and context switches per second per thread group between two samples over
    /// <paramref name="wallSeconds"/>, the busiest first; threads are grouped by name with digits dropped
    /// (thread-pool workers share one name).
    /// </summary>
    /// <remarks>
    /// A thread that ended before the second sample (a source thread that finished its ticks) is not in it: what
    /// the process spent beyond the threads listed is given as "ended threads".
    /// </remarks>
    public static List<ThreadCores> Between(Dictionary<int, ThreadSample> before, Dictionary<int, ThreadSample> after, double wallSeconds, double processSeconds)
    {
        var groups = new Dictionary<string, (double Seconds, long Voluntary, long Involuntary)>();
        var listed = 0.0;
        foreach (var (tid, now) in after)
        {
            var then = before.TryGetValue(tid, out var b) ? b : new ThreadSample(now.Name, 0, 0, 0);
            var key = GroupName(now.Name);
            var group = groups.GetValueOrDefault(key);
            var spent = now.Seconds - then.Seconds;
            groups[key] = (group.Seconds + spent, group.Voluntary + now.Voluntary - then.Voluntary, group.Involuntary + now.Involuntary - then.Involuntary);
            listed += spent;
        }

        if (after.Count > 0 && processSeconds - listed > 0.01 * wallSeconds)
        {
            groups["ended threads"] = (processSeconds - listed, 0, 0);
        }

        var list = new List<ThreadCores>();
        foreach (var (name, (seconds, voluntary, involuntary)) in groups)
        {
            if (seconds > 0 && wallSeconds > 0)
            {
                list.Add(new ThreadCores(name, Math.Round(seconds / wallSeconds, 3), Math.Round(voluntary / wallSeconds), Math.Round(involuntary / wallSeconds)));
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

        return new string(buffer[..n]).Trim().TrimEnd('-');
    }
}
