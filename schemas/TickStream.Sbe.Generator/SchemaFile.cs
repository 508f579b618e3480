using System;

namespace TickStream.Sbe.Generator;

/// <summary>One XML AdditionalFiles item: its normalised path, its text and its SbeNamespace metadata.</summary>
internal sealed class SchemaFile : IEquatable<SchemaFile>
{
    public SchemaFile(string path, string text, string? ns)
    {
        Path = path;
        Text = text;
        Namespace = ns;
    }

    public string Path { get; }

    public string Text { get; }

    public string? Namespace { get; }

    public bool Equals(SchemaFile? other) =>
        other is not null && Path == other.Path && Text == other.Text && Namespace == other.Namespace;

    public override bool Equals(object? obj) => Equals(obj as SchemaFile);

    public override int GetHashCode() => (Path.GetHashCode() * 31) ^ Text.Length;
}
