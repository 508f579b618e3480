using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using TickStream.Sbe.Generator;

namespace TickStream.Sbe.Tests;

/// <summary>Runs the generator in-process on schema text and compiles what it produces.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) == "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray());

    public sealed record Result(
        ImmutableArray<Diagnostic> GeneratorDiagnostics,
        ImmutableArray<Diagnostic> CompileErrors,
        ImmutableArray<string> HintNames,
        string AllSource);

    /// <summary>Generates from the files (path, text, SbeNamespace or null) and compiles the result.</summary>
    public static Result Run(params (string Path, string Text, string? Namespace)[] files)
    {
        var texts = files.Select(f => (AdditionalText)new InMemoryText(f.Path, f.Text)).ToImmutableArray();
        var options = new OptionsProvider(files.ToDictionary(f => f.Path, f => f.Namespace));
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new SbeGenerator().AsSourceGenerator()], texts, parseOptions, options);
        var compilation = CSharpCompilation.Create(
            "Generated",
            [CSharpSyntaxTree.ParseText("namespace Host; internal static class Anchor { }", parseOptions)],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var run = driver.GetRunResult();
        var generated = run.Results.SelectMany(r => r.GeneratedSources).ToArray();
        var errors = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
        return new Result(
            diagnostics,
            errors,
            generated.Select(s => s.HintName).ToImmutableArray(),
            string.Join("\n", generated.Select(s => s.SourceText.ToString())));
    }

    public static Result Run(string schema) => Run(("/schemas/test.xml", schema, null));

    /// <summary>Runs only the generator; the exception it threw, if any, and what it reported and produced.</summary>
    public static (Exception? Exception, ImmutableArray<Diagnostic> Diagnostics, int Sources, CSharpCompilation Output) Generate(string path, string text)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new SbeGenerator().AsSourceGenerator()], [new InMemoryText(path, text)], parseOptions,
            new OptionsProvider(new Dictionary<string, string?> { [path] = "Fuzzed" }));
        var compilation = CSharpCompilation.Create("Fuzzed", [], References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driver.GetRunResult().Results[0];
        return (result.Exception, result.Diagnostics, result.GeneratedSources.Length, (CSharpCompilation)output);
    }

    /// <summary>A schema with the standard header and group/var data encodings around the types and messages.</summary>
    public static string Schema(string types, string messages, string attributes = "package=\"t\" id=\"1\" version=\"0\"") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <sbe:messageSchema xmlns:sbe="http://fixprotocol.io/2016/sbe" {attributes}>
          <types>
            <composite name="messageHeader">
              <type name="blockLength" primitiveType="uint16"/>
              <type name="templateId" primitiveType="uint16"/>
              <type name="schemaId" primitiveType="uint16"/>
              <type name="version" primitiveType="uint16"/>
            </composite>
            <composite name="groupSizeEncoding">
              <type name="blockLength" primitiveType="uint16"/>
              <type name="numInGroup" primitiveType="uint16"/>
            </composite>
            <composite name="varData">
              <type name="length" primitiveType="uint16"/>
              <type name="varData" primitiveType="uint8" length="0"/>
            </composite>
        {types}
          </types>
        {messages}
        </sbe:messageSchema>
        """;

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class OptionsProvider(Dictionary<string, string?> namespaces) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(null);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(null);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            new Options(namespaces.TryGetValue(textFile.Path, out var ns) ? ns : null);
    }

    private sealed class Options(string? ns) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value)
        {
            if (key == "build_metadata.AdditionalFiles.SbeNamespace" && ns is not null)
            {
                value = ns;
                return true;
            }

            value = "";
            return false;
        }
    }
}
