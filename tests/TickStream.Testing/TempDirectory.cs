namespace TickStream.Testing;

/// <summary>A temporary folder that is deleted with the test.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates the folder.</summary>
    public TempDirectory() => Directory.CreateDirectory(Root);

    /// <summary>The folder.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "tickstream-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>A path inside the folder.</summary>
    /// <param name="name">The file or folder name.</param>
    /// <returns>The path.</returns>
    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Writes a text file into the folder.</summary>
    /// <param name="name">The file name.</param>
    /// <param name="content">The text.</param>
    /// <returns>The file's path.</returns>
    public string Write(string name, string content)
    {
        var path = PathOf(name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the system cleans its temp folder otherwise.
        }
    }
}
