namespace TickStream.Sources;

/// <summary>One rejected input of a source: which source, where and why.</summary>
/// <param name="Source">The source's stream name, e.g. "csv:ticks.csv".</param>
/// <param name="Location">Where the input was, e.g. "ticks.csv:17" or "pull:tcp://127.0.0.1:5555 message #42".</param>
/// <param name="Reason">What was wrong with it.</param>
public sealed record SourceError(string Source, string Location, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Location}: {Reason}";
}
