namespace TickStream.Monitoring;

/// <summary>What a health check found: healthy or not, and the facts behind it, for <c>/health</c>.</summary>
/// <param name="Healthy">Whether the process does its job now.</param>
/// <param name="Checks">Each fact checked (feed alive, upstream connected, last tick age) with its value.</param>
public sealed record HealthReport(bool Healthy, IReadOnlyDictionary<string, object> Checks);
