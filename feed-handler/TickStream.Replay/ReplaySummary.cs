using System.Globalization;
using System.Text;
using TickStream.Journal;

namespace TickStream.Replay;

/// <summary>What a replay did: frames, time span, rate, pacing accuracy and any journal problems.</summary>
public sealed class ReplaySummary
{
    /// <summary>Frames sent, one ZeroMQ message each.</summary>
    public required long FramesSent { get; init; }

    /// <summary>Records read but left out by the time window or the symbol filter.</summary>
    public required long FramesSkipped { get; init; }

    /// <summary>Frames ZeroMQ refused (the socket could not take them); not sent.</summary>
    public required long SendFailures { get; init; }

    /// <summary>Receive time of the first frame sent, ns since the epoch (null when none was).</summary>
    public required long? FirstRecordedNs { get; init; }

    /// <summary>Receive time of the last frame sent.</summary>
    public required long? LastRecordedNs { get; init; }

    /// <summary>Wall time from the first frame to the last.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>The speed asked for.</summary>
    public required double Speed { get; init; }

    /// <summary>How late each frame was sent against its scaled recorded offset (empty when unpaced).</summary>
    public required LatenessHistogram Lateness { get; init; }

    /// <summary>Problems the journal reader reported (corrupt records, torn tail, bad segments).</summary>
    public required IReadOnlyList<JournalProblem> Problems { get; init; }

    /// <summary>Frames missing from the journal among those replayed (a writer that could not write), from the sequences.</summary>
    public IReadOnlyList<JournalHole> Holes { get; init; } = [];

    /// <summary>Whether the replay stopped early at a corrupt record (without skip-corrupt).</summary>
    public required bool StoppedOnCorruption { get; init; }

    /// <summary>Whether the replay was cancelled before the end.</summary>
    public required bool Cancelled { get; init; }

    /// <summary>How long the replay waited for subscribers before its first frame.</summary>
    public TimeSpan WaitedFor { get; init; }

    /// <summary>
    /// Whether the wait for <see cref="ReplayOptions.WaitForSubscriptions"/> timed out (or was cancelled) first; with
    /// no data subscription at all nothing was sent.
    /// </summary>
    public bool WaitTimedOut { get; init; }

    /// <summary>Data subscriptions live when the first frame went out (or when the replay gave up waiting).</summary>
    public long DataSubscriptionsAtStart { get; init; }

    /// <summary>
    /// Whether every frame sent reached the subscribers' connections before the process let go of the
    /// socket: null while unknown (the library cannot tell; the <c>replay</c> verb finds out by closing NetMQ
    /// with a deadline and sets it).
    /// </summary>
    public bool? Delivered { get; set; }

    /// <summary>Recorded time covered, from the first frame sent to the last.</summary>
    public TimeSpan RecordedSpan => FirstRecordedNs is { } first && LastRecordedNs is { } last
        ? TimeSpan.FromTicks((last - first) / 100)
        : TimeSpan.Zero;

    /// <summary>Frames per second of wall time.</summary>
    public double FramesPerSecond => Elapsed > TimeSpan.Zero ? FramesSent / Elapsed.TotalSeconds : 0;

    /// <summary>Recorded time per wall time actually achieved.</summary>
    public double AchievedSpeed => Elapsed > TimeSpan.Zero ? RecordedSpan / Elapsed : 0;

    /// <summary>A few lines for people.</summary>
    /// <returns>The text.</returns>
    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(c, $"frames sent      {FramesSent}, skipped by filters {FramesSkipped}, send failures {SendFailures}\n");
        if (Delivered == true)
        {
            text.Append(c, $"not delivered    0: every frame sent reached the subscribers' connections\n");
        }
        else if (Delivered == false)
        {
            text.Append(c, $"not delivered    unknown, up to {FramesSent}: the linger deadline passed with frames still queued for a subscriber (ZeroMQ does not say how many)\n");
        }

        text.Append(c, $"subscribers      {DataSubscriptionsAtStart} data subscription(s) at the first frame, after waiting {WaitedFor.TotalSeconds:0.000} s{(WaitTimedOut ? " (the wait timed out)" : "")}\n");
        if (FirstRecordedNs is { } first && LastRecordedNs is { } last)
        {
            text.Append(c, $"recorded         {ReplayTime.Format(first)} .. {ReplayTime.Format(last)} ({RecordedSpan.TotalSeconds:0.000} s)\n");
        }

        text.Append(c, $"wall time        {Elapsed.TotalSeconds:0.000} s at speed {ReplaySpeed.Format(Speed)}: achieved {AchievedSpeed:0.00}x, {FramesPerSecond:0} frames/s\n");
        if (Lateness.Count > 0)
        {
            text.Append(c, $"late by          median {Lateness.PercentileNs(50) / 1e3:0} us, p99 {Lateness.PercentileNs(99) / 1e3:0} us, max {Lateness.MaxNs / 1e3:0} us, mean {Lateness.MeanNs / 1e3:0} us\n");
        }

        foreach (var hole in Holes)
        {
            text.Append(c, $"hole             {hole}\n");
        }

        foreach (var problem in Problems)
        {
            text.Append(c, $"problem          {problem}\n");
        }

        if (StoppedOnCorruption)
        {
            text.Append("stopped at a corrupt record (replay with skip-corrupt to go past it)\n");
        }

        if (Cancelled)
        {
            text.Append("cancelled before the end\n");
        }

        return text.ToString();
    }
}
