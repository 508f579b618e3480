using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace TickStream.Itch.Generator.Tests;

/// <summary>Runs the generator in-process on table text and compiles what it produces beside stand-ins for the helpers it calls.</summary>
internal static class GeneratorHarness
{
    public const string TablePath = "/itch/itch-messages.txt";

    /// <summary>
    /// The hand-written members the generated code calls, reduced to their signatures: the generated code must
    /// compile against exactly these names.
    /// </summary>
    private const string Helpers = """
        namespace TickStream.Itch;
        internal static class ItchThrow { public static void MessageTooShort(byte type, int expected, int actual) { } }
        public static class ItchTimestamp { public static long Read(System.ReadOnlySpan<byte> message) => 0; }
        public static class ItchAlpha { public static System.ReadOnlySpan<byte> TrimEnd(System.ReadOnlySpan<byte> field) => field; }
        public static class ItchPrice { public static long Price4ToE9(uint p) => p; public static long Price8ToE9(ulong p) => (long)p; }
        public enum ItchSide : byte { None, Buy, Sell }
        internal static class ItchSides { public static ItchSide FromByte(byte b) => ItchSide.None; }
        public enum ItchErrorKind { EmptyMessage, UnknownMessageType, LengthMismatch }
        public readonly record struct ItchError(ItchErrorKind Kind, long Offset, byte Type, int A, int B);
        public sealed class ItchErrorCounters { }
        public partial interface IItchMessageHandler { void OnError(in ItchError rejected); }
        public static partial class ItchParser
        {
            private static void Report<THandler>(ref THandler handler, ItchErrorCounters errors, in ItchError error)
                where THandler : struct, IItchMessageHandler => handler.OnError(error);
        }
        """;

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

    /// <summary>Generates from <paramref name="table"/> at <see cref="TablePath"/> and compiles the result.</summary>
    public static Result Run(string table)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new ItchGenerator().AsSourceGenerator()], [new InMemoryText(TablePath, table)], parseOptions);
        var compilation = CSharpCompilation.Create(
            "Generated",
            [CSharpSyntaxTree.ParseText(Helpers, parseOptions), CSharpSyntaxTree.ParseText("global using System;", parseOptions)],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var generated = driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).ToArray();
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        return new Result(
            diagnostics,
            errors,
            generated.Select(s => s.HintName).ToImmutableArray(),
            string.Join("\n", generated.Select(s => s.SourceText.ToString())));
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
