using TickStream.Journal;

namespace TickStream.Replay;

/// <summary>What a <see cref="JournalReplayer"/> replays, where, and how fast.</summary>
public sealed class ReplayOptions
{
    /// <summary>The journal directory.</summary>
    public required string Directory { get; init; }

    /// <summary>
    /// The endpoint of the replay's XPUB socket: <c>tcp://*:5557</c> binds (a port of <c>*</c> lets the system
    /// choose; see <see cref="JournalReplayer.Endpoint"/>), a leading <c>&gt;</c> connects.
    /// </summary>
    public string Publish { get; init; } = "tcp://*:5557";

    /// <summary>Recorded time per wall time: 1 real time, 10 ten times faster, <see cref="ReplaySpeed.Max"/> as fast as possible.</summary>
    public double Speed { get; init; } = 1;

    /// <summary>Time window, symbol filter and corruption handling, passed to the journal reader.</summary>
    public JournalReadOptions? Read { get; init; }

    /// <summary>Messages queued per subscriber before ZeroMQ drops for it (ZMQ_SNDHWM).</summary>
    public int SendHighWatermark { get; init; } = 1_000_000;

    /// <summary>
    /// Data subscriptions to wait for before the first frame: a subscriber with k prefixes makes k, and prefixes
    /// that take only heartbeats or stream starts (<c>H|</c>, <c>S|</c>) do not count
    /// (<see cref="Wire.SubscriptionPrefix"/>). 0 does not wait.
    /// </summary>
    public int WaitForSubscriptions { get; init; }

    /// <summary>How long to wait for them at most: then the replay starts with those there are, or sends nothing when there are none.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the socket keeps trying to deliver queued frames when the replay ends.</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Called on the replay thread about this often while frames go out.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Called on the replay thread when the wait for subscribers is over (only when <see cref="WaitForSubscriptions"/>
    /// is above 0): the data subscriptions live, how long it waited, and whether it timed out.
    /// </summary>
    public Action<long, TimeSpan, bool>? OnWaitOver { get; init; }

    /// <summary>Progress, on the replay thread: keep it short.</summary>
    public Action<ReplayProgress>? OnProgress { get; init; }

    /// <summary>Checks the options.</summary>
    /// <param name="error">Why they are invalid, naming the option.</param>
    /// <returns>Whether they are valid.</returns>
    public bool IsValid(out string? error)
    {
        error = string.IsNullOrWhiteSpace(Directory) ? "Directory must name the journal directory"
            : string.IsNullOrWhiteSpace(Publish) ? "Publish must be an endpoint"
            : double.IsNaN(Speed) || Speed < 0 ? $"Speed must be positive or infinite, not {Speed}"
            : SendHighWatermark < 0 ? $"SendHighWatermark must be 0 or more, not {SendHighWatermark}"
            : WaitForSubscriptions < 0 ? $"WaitForSubscriptions must be 0 or more, not {WaitForSubscriptions}"
            : WaitTimeout < TimeSpan.Zero ? "WaitTimeout must not be negative"
            : Linger < TimeSpan.Zero ? "Linger must not be negative"
            : ProgressInterval <= TimeSpan.Zero ? "ProgressInterval must be positive"
            : null;
        return error is null;
    }
}
