namespace TickStream.Sbe.Tests;

/// <summary>Finds the shared SBE reference data (../shared/sbe-reference beside the repository) at run time.</summary>
internal static class ReferenceData
{
    public const string MissingMessage =
        "The SBE reference data (../shared/sbe-reference beside the repository) is absent: reference interop not tested.";

    public static string? Directory { get; } = Find();

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "sbe-reference");
            if (System.IO.Directory.Exists(Path.Combine(candidate, "vectors")))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The bytes of a reference file; skips the calling test when the data is absent.</summary>
    public static byte[] Read(string relativePath)
    {
        if (Directory is null)
        {
            Assert.Skip(MissingMessage);
        }

        return File.ReadAllBytes(Path.Combine(Directory, relativePath));
    }
}
