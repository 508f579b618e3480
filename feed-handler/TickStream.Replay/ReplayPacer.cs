using System.Diagnostics;

namespace TickStream.Replay;

/// <summary>
/// Holds a replay to the recorded pace: maps each record's receive time to a due instant on the monotonic clock
/// (scaled by the speed) and waits for it, sleeping only when more than a millisecond ahead (waking a millisecond
/// early) and spinning below that, so that a frame is neither sent early nor held a whole scheduler quantum late.
/// </summary>
/// <remarks>
/// A struct with no references: it lives on the replay thread's stack, nothing is allocated per frame.
/// The first paced record sets the origin: its due instant is the moment it was read.
/// </remarks>
public struct ReplayPacer
{
    private const long MaxSleepMilliseconds = 50;
    private const int SpinIterations = 20;
    private readonly double _stopwatchTicksPerRecordedNs;
    private readonly long _oneMillisecondTicks;
    private long _originRecordedNs;
    private long _originTimestamp;
    private bool _started;

    /// <summary>Creates a pacer for a speed.</summary>
    /// <param name="speed">Recorded time per wall time: 1 is real time, 10 ten times faster;
    /// <see cref="double.PositiveInfinity"/> (or 0) sends as fast as possible.</param>
    public ReplayPacer(double speed)
    {
        if (double.IsNaN(speed) || speed < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "The speed must be positive, or infinite for as fast as possible.");
        }

        IsUnpaced = speed == 0 || double.IsPositiveInfinity(speed);
        _stopwatchTicksPerRecordedNs = IsUnpaced ? 0 : Stopwatch.Frequency / 1e9 / speed;
        _oneMillisecondTicks = Stopwatch.Frequency / 1000;
    }

    /// <summary>Whether frames go as fast as possible (no waiting at all).</summary>
    public readonly bool IsUnpaced { get; }

    /// <summary>The monotonic timestamp (<see cref="Stopwatch.GetTimestamp"/>) of the first paced record.</summary>
    public readonly long OriginTimestamp => _originTimestamp;

    /// <summary>The receive time of the first paced record, ns since the epoch.</summary>
    public readonly long OriginRecordedNs => _originRecordedNs;

    /// <summary>
    /// Waits until the record with this receive time is due, or the token is cancelled.
    /// </summary>
    /// <param name="recordedNs">The record's receive time, ns since the epoch.</param>
    /// <param name="ct">Cuts a wait short.</param>
    /// <returns>The due instant as a <see cref="Stopwatch"/> timestamp; when unpaced, the origin for the first
    /// record and 0 after it (unpaced replay reads no clock per frame).</returns>
    public long WaitUntilDue(long recordedNs, CancellationToken ct)
    {
        if (_started && IsUnpaced)
        {
            return 0;
        }

        var now = Stopwatch.GetTimestamp();
        if (!_started)
        {
            _started = true;
            _originRecordedNs = recordedNs;
            _originTimestamp = now;
            return now;
        }

        // Journal times never decrease, so due instants never go backwards.
        var due = _originTimestamp + (long)((recordedNs - _originRecordedNs) * _stopwatchTicksPerRecordedNs);
        while (now < due && !ct.IsCancellationRequested)
        {
            var ahead = due - now;
            var sleepMs = Math.Min(MaxSleepMilliseconds, (ahead - _oneMillisecondTicks) / _oneMillisecondTicks);
            if (sleepMs >= 1)
            {
                // Sleep in whole milliseconds, waking at least a millisecond early: a sleep overshoots by up to a
                // scheduler tick under load.
                Thread.Sleep((int)sleepMs);
            }
            else
            {
                // The last stretch is spun. A yield hands the core to any runnable thread for a whole time slice on
                // a busy machine, which measured as a median of more than a millisecond late at 1x.
                Thread.SpinWait(SpinIterations);
            }

            now = Stopwatch.GetTimestamp();
        }

        return due;
    }
}
