namespace TickStream.Fuzzing;

/// <summary>What one fuzz property did: cases run, time taken, and the finding if one broke it.</summary>
/// <param name="Target">The property's name.</param>
/// <param name="Cases">Cases run (all of them when nothing was found).</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Finding">Null, or the counterexample and what broke.</param>
public sealed record FuzzReport(string Target, long Cases, TimeSpan Elapsed, string? Finding)
{
    /// <summary>Cases per second.</summary>
    public double CasesPerSecond => Elapsed.TotalSeconds > 0 ? Cases / Elapsed.TotalSeconds : 0;
}
