namespace TickStream.Client;

/// <summary>What a RETRANSMIT request brought back, handed from the request thread to the receive thread.</summary>
internal sealed class RepairResult(RepairRequest request, List<byte[]> frames, string? error)
{
    public RepairRequest Request { get; } = request;

    /// <summary>The data frames (topic then SBE), in the order the server sent them.</summary>
    public List<byte[]> Frames { get; } = frames;

    /// <summary>The ERROR status or why no reply came; null when the transfer ended with END.</summary>
    public string? Error { get; } = error;
}
