namespace TickStream.Replay;

/// <summary>Where a replay is, passed to <see cref="ReplayOptions.OnProgress"/>.</summary>
/// <param name="FramesSent">Frames handed to the socket so far.</param>
/// <param name="FramesSkipped">Records left out by the time window or the symbol filter so far.</param>
/// <param name="FirstRecordedNs">Receive time of the first frame sent, ns since the epoch.</param>
/// <param name="LastRecordedNs">Receive time of the last frame sent, ns since the epoch.</param>
/// <param name="Elapsed">Wall time since the first frame.</param>
public readonly record struct ReplayProgress(long FramesSent, long FramesSkipped, long FirstRecordedNs, long LastRecordedNs, TimeSpan Elapsed);
