using System.Collections.Immutable;
using System.Runtime.InteropServices;
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
        global using System;
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

    // The runtime's own reference set is enough: the generated code uses only System.* and the helpers above.
    private static readonly Lazy<ImmutableArray<MetadataReference>> RuntimeReferences = new(() =>
        [.. Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Where(p => Path.GetFileName(p) is "netstandard.dll" or "System.Runtime.dll" or "System.Private.CoreLib.dll" or "System.Memory.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))]);

    /// <summary>What one generator run reported and produced, and the compiler errors of the result.</summary>
    public sealed record Result(IReadOnlyList<Diagnostic> GeneratorDiagnostics, IReadOnlyList<Diagnostic> CompileErrors, IReadOnlyList<string> HintNames, string AllSource);

    /// <summary>Generates from <paramref name="table"/> at <see cref="TablePath"/> and compiles the result.</summary>
    public static Result Run(string table)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var driver = CSharpGeneratorDriver.Create([new ItchGenerator().AsSourceGenerator()], [new InMemoryText(TablePath, table)], parseOptions);
        var input = CSharpCompilation.Create(
            "ItchGenerated",
            [CSharpSyntaxTree.ParseText(Helpers, parseOptions)],
            RuntimeReferences.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var run = driver.RunGeneratorsAndUpdateCompilation(input, out var output, out var reported).GetRunResult();
        var sources = run.Results.SelectMany(r => r.GeneratedSources).ToList();
        return new Result(
            reported,
            output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList(),
            sources.ConvertAll(s => s.HintName),
            string.Join("\n", sources.Select(s => s.SourceText.ToString())));
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
