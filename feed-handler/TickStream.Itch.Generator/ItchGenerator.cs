using System;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace TickStream.Itch.Generator;

/// <summary>
/// Generates the ITCH 5.0 message views, ItchParser.FixedLength and ItchParser.Dispatch, and the
/// IItchMessageHandler callbacks from the AdditionalFiles named itch-messages.txt.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ItchGenerator : IIncrementalGenerator
{
    /// <summary>The file name the generator reads among the AdditionalFiles.</summary>
    public const string TableFileName = "itch-messages.txt";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var tables = context.AdditionalTextsProvider
            .Where(static f => string.Equals(Path.GetFileName(f.Path), TableFileName, StringComparison.OrdinalIgnoreCase))
            .Select(static (f, ct) => (f.Path, Text: f.GetText(ct)?.ToString() ?? ""));

        context.RegisterSourceOutput(tables, static (spc, table) =>
        {
            var (parsed, diagnostics) = TableParser.Parse(table.Path, SourceText.From(table.Text));
            foreach (var d in diagnostics)
            {
                spc.ReportDiagnostic(d);
            }

            if (parsed is null)
            {
                return;
            }

            foreach (var (hint, source) in CodeEmitter.Emit(parsed))
            {
                spc.AddSource(hint, SourceText.From(source, System.Text.Encoding.UTF8));
            }
        });
    }
}
