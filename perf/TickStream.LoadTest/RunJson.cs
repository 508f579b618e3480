using System.Text.Json;

namespace TickStream.LoadTest;

/// <summary>How the run's JSON files are written and read.</summary>
internal static class RunJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };
}
