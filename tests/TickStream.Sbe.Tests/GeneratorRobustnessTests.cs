using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace TickStream.Sbe.Tests;

/// <summary>Broken schemas never crash the generator: each is either reported or generates code that compiles.</summary>
public sealed class GeneratorRobustnessTests
{
    private static readonly string[] BadValues = ["", "-1", "x", "99999999999"];

    [Fact]
    public void Generate_EveryDeletedElementOrAttribute_ReportsOrCompiles()
    {
        var original = XDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "general.xml")));
        var elementCount = original.Descendants().Count();
        var attributeCount = original.Descendants().Attributes().Count();
        var compiled = 0;
        for (var i = 1; i < elementCount; i++)
        {
            var doc = new XDocument(original);
            doc.Descendants().ElementAt(i).Remove();
            compiled += Check(doc.ToString(), $"element {i} removed");
        }

        for (var i = 0; i < attributeCount; i++)
        {
            var doc = new XDocument(original);
            doc.Descendants().Attributes().ElementAt(i).Remove();
            compiled += Check(doc.ToString(), $"attribute {i} removed");
            foreach (var bad in BadValues)
            {
                doc = new XDocument(original);
                var attribute = doc.Descendants().Attributes().ElementAt(i);
                attribute.Value = bad;
                compiled += Check(doc.ToString(), $"attribute {attribute.Name}='{bad}'");
            }
        }

        Assert.True(compiled > 0, "some mutations are still valid schemas and must compile");
    }

    [Fact]
    public void Generate_TruncatedSchemaText_ReportsMalformedXml()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "general.xml")).TrimEnd();
        for (var length = 0; length < text.Length; length += 97)
        {
            var (exception, diagnostics, _, _) = GeneratorHarness.Generate("/cut.xml", text[..length]);
            Assert.Null(exception);
            Assert.True(length < 200 || diagnostics.Any(d => d.Id == "TSSBE001"), $"cut at {length}: no TSSBE001");
        }
    }

    private static int Check(string schema, string what)
    {
        var (exception, diagnostics, sources, output) = GeneratorHarness.Generate("/fuzz.xml", schema);
        Assert.True(exception is null, $"{what}: the generator threw {exception}");
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            Assert.Equal(0, sources);
            return 0;
        }

        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, $"{what}: generated code does not compile: {string.Join(" / ", errors.Take(3))}");
        return 1;
    }
}
