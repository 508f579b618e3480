namespace TickStream.Recovery;

/// <summary>The caps of credit-based replies (docs/RECOVERY.md section 2).</summary>
public sealed class TransferOptions
{
    /// <summary>Bytes one reply message carries at most (about: a frame is added while the total stays below).</summary>
    public const int MaxReplyBytes = 256 * 1024;

    /// <summary>Frames held per stream in the retransmission window.</summary>
    public int WindowFrames { get; set; } = RetransmitWindow.DefaultFrames;

    /// <summary>The most credit (reply messages) a client may have outstanding; larger grants are clamped.</summary>
    public int MaxCredit { get; set; } = 8;

    /// <summary>The most data frames in one reply message.</summary>
    public int MaxReplyFrames { get; set; } = 1_000;

    /// <summary>The most transfers open at once, over all clients; a request that would open one more gets <c>ERROR busy</c>.</summary>
    public int MaxTransfers { get; set; } = 64;

    /// <summary>A transfer with no credit for this long is closed (the client stopped reading or went away).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Journal records or window frames examined per service step, over all transfers: bounds how long one step
    /// keeps the thread that also moves live frames (the gateway's proxy thread).
    /// </summary>
    public int StepBudget { get; set; } = 8_192;

    /// <summary>Checks the values.</summary>
    /// <param name="section">The configuration section the names are reported under (<c>Gateway</c>, <c>Feed</c>).</param>
    /// <param name="error">What is wrong, naming the option.</param>
    /// <returns>True when valid.</returns>
    public bool IsValid(string section, out string? error)
    {
        error = this switch
        {
            { WindowFrames: < 1 } => $"{section}:RetransmitWindow: {WindowFrames} frames is below 1",
            { MaxCredit: < 1 } => $"{section}:MaxCredit: {MaxCredit} is below 1",
            { MaxReplyFrames: < 1 } => $"{section}:MaxReplyFrames: {MaxReplyFrames} is below 1",
            { MaxTransfers: < 1 } => $"{section}:MaxTransfers: {MaxTransfers} is below 1",
            { StepBudget: < 1 } => $"{section}:StepBudget: {StepBudget} is below 1",
            _ when IdleTimeout <= TimeSpan.Zero => $"{section}:TransferIdleTimeout: {IdleTimeout} is not positive",
            _ => null,
        };
        return error is null;
    }
}
