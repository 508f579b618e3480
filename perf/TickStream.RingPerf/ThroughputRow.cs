namespace TickStream.RingPerf;

/// <summary>One line of the throughput table and its repeated runs.</summary>
internal sealed class ThroughputRow(string shape, string implementation, string wait, long events, Func<long, RunResult> run)
{
    public string Shape { get; } = shape;

    public string Implementation { get; } = implementation;

    public string Wait { get; } = wait;

    public long Events { get; } = events;

    public Func<long, RunResult> Run { get; } = run;

    public List<RunResult> Results { get; } = [];

    public string Ratio { get; set; } = "";

    public double Median => MedianOf(r => r.EventsPerSecond);

    public double MedianBytesPerEvent => MedianOf(r => r.BytesPerEvent);

    public double Min => Results.Count == 0 ? 0 : Results.Min(r => r.EventsPerSecond);

    public double Max => Results.Count == 0 ? 0 : Results.Max(r => r.EventsPerSecond);

    public bool AllCompleted => Results.TrueForAll(r => r.Completed);

    private double MedianOf(Func<RunResult, double> selector)
    {
        if (Results.Count == 0)
        {
            return 0;
        }

        var values = Results.Select(selector).Order().ToArray();
        return values.Length % 2 == 1 ? values[values.Length / 2] : (values[(values.Length / 2) - 1] + values[values.Length / 2]) / 2;
    }
}
