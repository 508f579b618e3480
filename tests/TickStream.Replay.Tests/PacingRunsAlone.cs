namespace TickStream.Replay.Tests;

/// <summary>Runs <see cref="PacingTests"/> after the parallel tests, on its own.</summary>
[CollectionDefinition(nameof(PacingTests), DisableParallelization = true)]
public sealed class PacingRunsAlone;
