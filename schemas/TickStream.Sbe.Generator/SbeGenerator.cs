using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace TickStream.Sbe.Generator;

/// <summary>
/// Generates flyweight encoders and decoders from every FIX SBE 1.0 message schema among the AdditionalFiles
/// (*.xml whose root element is messageSchema). Other XML files are only candidates for xi:include.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SbeGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static f => f.Path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, ct) =>
            {
                var (file, options) = pair;
                var text = file.GetText(ct)?.ToString() ?? "";
                options.GetOptions(file).TryGetValue("build_metadata.AdditionalFiles.SbeNamespace", out var ns);
                return new SchemaFile(PathUtil.Normalize(file.Path), text, string.IsNullOrWhiteSpace(ns) ? null : ns!.Trim());
            })
            .Collect();

        context.RegisterSourceOutput(files, static (spc, all) => Generate(spc, all));
    }

    private static void Generate(SourceProductionContext context, ImmutableArray<SchemaFile> all)
    {
        var byPath = new Dictionary<string, SchemaFile>(StringComparer.Ordinal);
        foreach (var f in all)
        {
            byPath[f.Path] = f;
        }

        var namespaces = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in all)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (file.Text.IndexOf("messageSchema", StringComparison.Ordinal) < 0)
            {
                continue;
            }

            var diagnostics = new List<Diagnostic>();
            var doc = SchemaParser.Load(file, diagnostics);
            if (doc is null || !SchemaParser.IsMessageSchema(doc))
            {
                foreach (var d in diagnostics)
                {
                    context.ReportDiagnostic(d);
                }

                continue;
            }

            var ns = file.Namespace ?? CodeNames.Namespace(doc.Root!.Attribute("package")?.Value ?? "");
            if (namespaces.TryGetValue(ns, out var other))
            {
                var pos = new LinePosition(0, 0);
                context.ReportDiagnostic(Diagnostic.Create(SbeDiagnostics.NamespaceCollision,
                    Location.Create(file.Path, default, new LinePositionSpan(pos, pos)),
                    $"{file.Path}: namespace '{ns}' is already generated from {other}; set distinct SbeNamespace metadata on the AdditionalFiles items"));
                continue;
            }

            namespaces[ns] = file.Path;
            var parser = new SchemaParser(byPath);
            var schema = parser.Parse(file, doc, ns);
            foreach (var d in parser.Diagnostics)
            {
                context.ReportDiagnostic(d);
            }

            if (schema is null)
            {
                continue;
            }

            foreach (var (hint, source) in new CodeEmitter(schema).Emit())
            {
                context.AddSource(hint, SourceText.From(source, System.Text.Encoding.UTF8));
            }
        }
    }
}
