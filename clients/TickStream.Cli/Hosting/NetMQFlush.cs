using System.Diagnostics;
using NetMQ;

namespace TickStream.Cli.Hosting;

/// <summary>
/// The last thing a verb that publishes does: closes NetMQ, blocking, so that the frames its closed sockets still
/// queue are written to the subscribers' connections, within the sockets' linger; and tells whether they were.
/// </summary>
/// <remarks>
/// A disposed NetMQ socket hands its queue to NetMQ's background threads, which keep writing it for up to the
/// socket's linger, but only if the process lives that long: <see cref="NetMQConfig.Cleanup"/> with
/// <c>block: true</c> waits for exactly that. ZeroMQ says nothing about how much was left when the linger ran
/// out, so the outcome is told by the time it took: the cleanup returns before the linger deadline only when
/// every queue was written (to the kernel's socket buffers: a subscriber that is alive reads them). Every NetMQ
/// socket of the process must be disposed first, or the cleanup waits for it until the deadline.
/// </remarks>
internal static class NetMQFlush
{
    // Beyond the linger, for NetMQ's threads to finish closing on a busy machine; never waited for otherwise.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    // Longer than NetMQ's I/O thread takes to write more of what it queues, on a busy machine.
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    // The cleanup is taken to have been cut by the linger when it took this close to it.
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Whether this process is the <c>tickstream</c> program, whose verbs may close NetMQ for the whole process;
    /// false when a verb runs inside another program (a test host), where <see cref="Run"/> leaves NetMQ alone.
    /// </summary>
    public static bool OwnsProcess { get; set; }

    /// <summary>
    /// Before a publishing socket closes: waits, at most <paramref name="linger"/>, until the kernel's send queues
    /// of its subscribers' connections have stayed empty for a while (<see cref="KernelSendQueue"/>).
    /// </summary>
    /// <param name="endpoint">The bound endpoint.</param>
    /// <param name="linger">How long to wait at most.</param>
    /// <returns>True when they emptied, false when the linger passed first, null when this cannot be known or the
    /// process does not own NetMQ.</returns>
    public static bool? WaitForSubscribers(string endpoint, TimeSpan linger) =>
        OwnsProcess ? KernelSendQueue.WaitUntilEmpty(endpoint, Quiet, linger, out _) : null;

    /// <summary>Closes NetMQ, waiting at most <paramref name="linger"/> (plus a margin) for queued frames to go out.</summary>
    /// <param name="linger">The longest linger of the sockets disposed.</param>
    /// <param name="took">How long it took.</param>
    /// <returns>True when every queued frame was written before the deadline; false when the linger ran out first
    /// (frames still queued for a stalled or slow subscriber were dropped) or the cleanup did not finish; null
    /// when this process does not own NetMQ (<see cref="OwnsProcess"/>).</returns>
    public static bool? Run(TimeSpan linger, out TimeSpan took)
    {
        took = TimeSpan.Zero;
        if (!OwnsProcess)
        {
            return null;
        }

        var clock = Stopwatch.StartNew();

        // On a thread of its own so that a cleanup that does not finish cannot hold the process: it is a
        // background thread, and the process exits without it after the margin.
        var cleanup = new Thread(() => NetMQConfig.Cleanup(block: true)) { IsBackground = true, Name = "netmq-cleanup" };
        cleanup.Start();
        var finished = cleanup.Join(linger + Margin);
        took = clock.Elapsed;
        return finished && took + Tolerance < linger;
    }
}
