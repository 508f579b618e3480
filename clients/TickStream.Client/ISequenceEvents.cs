namespace TickStream.Client;

/// <summary>What <see cref="SequenceTracker"/> reports, on the receive thread.</summary>
internal interface ISequenceEvents
{
    void OnGap(ushort streamId, string symbol, TickKind kind, ulong firstMissing, ulong lastMissing);

    void OnStale(ushort streamId, TimeSpan silence);

    void OnRecovered(ushort streamId, TimeSpan silence);

    void OnRestart(ushort streamId, ulong sessionId);

    void OnTailLoss(ushort streamId, ulong lost);
}
