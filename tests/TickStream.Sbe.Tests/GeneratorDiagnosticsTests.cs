using System.Globalization;
using Microsoft.CodeAnalysis;
using static TickStream.Sbe.Tests.GeneratorHarness;

namespace TickStream.Sbe.Tests;

/// <summary>Invalid schemas fail with an error that names the element and the rule; valid ones compile cleanly.</summary>
public sealed class GeneratorDiagnosticsTests
{
    private const string Ok = """<sbe:message name="M" id="1"><field name="a" id="1" type="uint32"/></sbe:message>""";

    public static TheoryData<string, string, string, string> InvalidSchemas => new()
    {
        { "unknown type", "", """<sbe:message name="M" id="1"><field name="a" id="1" type="Nope"/></sbe:message>""", "TSSBE002|field 'a'|unknown type reference 'Nope'" },
        { "duplicate field id", "", """<sbe:message name="M" id="1"><field name="a" id="1" type="uint8"/><field name="b" id="1" type="uint8"/></sbe:message>""", "TSSBE003|field 'b'|id 1 is already used by 'a'" },
        { "duplicate template id", "", Ok + """<sbe:message name="N" id="1"/>""", "TSSBE003|message 'N'|id 1 is already the id of message 'M'" },
        { "offset overlap", "", """<sbe:message name="M" id="1"><field name="a" id="1" type="uint32"/><field name="b" id="2" type="uint8" offset="2"/></sbe:message>""", "TSSBE004|field 'b'|offset 2 overlaps the previous field, which ends at 4" },
        { "composite offset overlap", """<composite name="C"><type name="x" primitiveType="int64"/><type name="y" primitiveType="int8" offset="4"/></composite>""", Ok, "TSSBE004|composite 'C' member 'y'|offset 4 overlaps" },
        { "blockLength too small", "", """<sbe:message name="M" id="1" blockLength="4"><field name="a" id="1" type="uint64"/></sbe:message>""", "TSSBE005|message 'M'|blockLength 4 is smaller than its fields, which end at 8" },
        { "field after group", "", """<sbe:message name="M" id="1"><group name="g" id="1"><field name="x" id="2" type="uint8"/></group><field name="a" id="3" type="uint8"/></sbe:message>""", "TSSBE006|field 'a'|a field must come before every group and data element" },
        { "group after data", "", """<sbe:message name="M" id="1"><data name="d" id="1" type="varData"/><group name="g" id="2"/></sbe:message>""", "TSSBE006|group 'g'|a group must come before every data element" },
        { "bad nullValue", """<type name="T" primitiveType="uint8" presence="optional" nullValue="300"/>""", Ok, "TSSBE007|type 'T'|nullValue '300' is not a valid uint8" },
        { "bad constant", """<type name="T" primitiveType="int8" presence="constant">x</type>""", Ok, "TSSBE007|type 'T'|constant value 'x' is not a valid int8" },
        { "nullValue on required", """<type name="T" primitiveType="int32" nullValue="0"/>""", Ok, "TSSBE007|type 'T'|nullValue is only allowed with presence=\"optional\"" },
        { "unknown primitiveType", """<type name="T" primitiveType="int128"/>""", Ok, "TSSBE008|type 'T'|unknown primitiveType 'int128'" },
        { "duplicate type", """<type name="T" primitiveType="int8"/><type name="T" primitiveType="int16"/>""", Ok, "TSSBE010|type 'T'|a type of that name is already defined" },
        { "duplicate field name", "", """<sbe:message name="M" id="1"><field name="a" id="1" type="uint8"/><field name="a" id="2" type="uint8"/></sbe:message>""", "TSSBE010|field 'a'|the name is already used" },
        { "reserved field name", "", """<sbe:message name="M" id="1"><field name="templateId" id="1" type="uint8"/></sbe:message>""", "TSSBE010|field 'templateId'|reserved by the generated code" },
        { "group named like its parent", "", """<sbe:message name="M" id="1"><group name="g" id="1"><group name="g" id="2"/></group></sbe:message>""", "TSSBE010|group 'g'|generated member 'GDecoder' clashes with" },
        { "field clashing with a group", "", """<sbe:message name="M" id="1"><field name="gCount" id="1" type="uint8"/><group name="g" id="2"/></sbe:message>""", "TSSBE010|group 'g'|generated member 'GCount' clashes with message 'M' field 'gCount'" },
        { "message without id", "", """<sbe:message name="M"/>""", "TSSBE011|message 'M'|attribute 'id' is required" },
        { "negative offset", "", """<sbe:message name="M" id="1"><field name="a" id="1" type="uint8" offset="-1"/></sbe:message>""", "TSSBE011|field 'a'|offset='-1' must be a non-negative integer" },
        { "dimension without numInGroup", """<composite name="dims"><type name="blockLength" primitiveType="uint16"/></composite>""", """<sbe:message name="M" id="1"><group name="g" id="1" dimensionType="dims"/></sbe:message>""", "TSSBE012|composite 'dims'|member 'numInGroup' is required" },
        { "signed numInGroup", """<composite name="dims"><type name="blockLength" primitiveType="uint16"/><type name="numInGroup" primitiveType="int16"/></composite>""", """<sbe:message name="M" id="1"><group name="g" id="1" dimensionType="dims"/></sbe:message>""", "TSSBE012|composite 'dims'|member 'numInGroup' must be an unsigned integer" },
        { "var data without length", """<composite name="vd"><type name="varData" primitiveType="uint8" length="0"/></composite>""", """<sbe:message name="M" id="1"><data name="d" id="1" type="vd"/></sbe:message>""", "TSSBE012|composite 'vd'|member 'length' is required" },
        { "float enum", """<enum name="E" encodingType="float"><validValue name="A">1</validValue></enum>""", Ok, "TSSBE013|enum 'E'|must be char or an integer type" },
        { "enum value out of range", """<enum name="E" encodingType="uint8"><validValue name="A">256</validValue></enum>""", Ok, "TSSBE007|enum 'E' validValue 'A'|'256' is not a valid uint8" },
        { "duplicate enum value", """<enum name="E" encodingType="uint8"><validValue name="A">1</validValue><validValue name="B">1</validValue></enum>""", Ok, "TSSBE013|enum 'E'|validValue 'B' repeats the value '1'" },
        { "set bit out of range", """<set name="S" encodingType="uint8"><choice name="a">8</choice></set>""", Ok, "TSSBE013|set 'S' choice 'a'|must be an integer from 0 to 7" },
        { "signed set", """<set name="S" encodingType="int32"><choice name="a">0</choice></set>""", Ok, "TSSBE013|set 'S'|must be uint8, uint16, uint32 or uint64" },
        { "sinceVersion above version", "", """<sbe:message name="M" id="1"><field name="a" id="1" type="uint8" sinceVersion="2"/></sbe:message>""", "TSSBE014|field 'a'|sinceVersion 2 is above the schema version 0" },
        { "bad valueRef", """<enum name="E" encodingType="uint8"><validValue name="A">1</validValue></enum>""", """<sbe:message name="M" id="1"><field name="a" id="1" type="E" presence="constant" valueRef="E.Z"/></sbe:message>""", "TSSBE015|field 'a'|enum 'E' has no value 'Z'" },
        { "circular composite", """<composite name="C"><ref name="self" type="C"/></composite>""", Ok, "TSSBE017|composite 'C'|contains itself" },
        { "length 0 field", """<type name="T" primitiveType="uint8" length="0"/>""", """<sbe:message name="M" id="1"><field name="a" id="1" type="T"/></sbe:message>""", "TSSBE018|field 'a'|length 0" },
        { "missing header", "", Ok, "" },
    };

    [Theory]
    [MemberData(nameof(InvalidSchemas))]
    public void Generate_InvalidSchema_ReportsTheRule(string rule, string types, string messages, string expected)
    {
        if (rule == "missing header")
        {
            var noHeader = Run("""<messageSchema package="t" id="1"><types/><message name="M" id="1"/></messageSchema>""");
            AssertError(noHeader, "TSSBE012", "headerType composite 'messageHeader' is not defined");
            return;
        }

        var parts = expected.Split('|');
        var result = Run(Schema(types, messages));
        AssertError(result, parts[0], parts[1..]);
    }

    [Fact]
    public void Generate_MalformedXml_ReportsLineNumber()
    {
        var result = Run("<?xml version=\"1.0\"?>\n<messageSchema package=\"t\" id=\"1\">\n  <types>\n</messageSchema>");
        var error = AssertError(result, "TSSBE001", "malformed XML");
        Assert.Equal(3, error.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("(4,", error.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_MissingInclude_ReportsTheHref()
    {
        var schema = Schema("", Ok).Replace("<types>", "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"missing.xml\"/>\n  <types>", StringComparison.Ordinal);
        AssertError(Run(schema), "TSSBE009", "href='missing.xml'", "/schemas/missing.xml");
    }

    [Fact]
    public void Generate_IncludeBesideTheSchema_ResolvesItsTypes()
    {
        const string types = """
            <types>
              <type name="Px" primitiveType="int64"/>
            </types>
            """;
        var schema = Schema("", """<sbe:message name="M" id="1"><field name="p" id="1" type="Px"/></sbe:message>""")
            .Replace("<types>", "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"../common/px.xml\"/>\n  <types>", StringComparison.Ordinal);
        var result = Run(("/repo/schemas/main.xml", schema, "Inc.Test"), ("/repo/common/px.xml", types, null));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompileErrors);
        Assert.Contains("public readonly long P =>", result.AllSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_TwoSchemasOneNamespace_ReportsTheCollision()
    {
        var schema = Schema("", Ok);
        var result = Run(("/a.xml", schema, null), ("/b.xml", schema, null));
        AssertError(result, "TSSBE016", "namespace 'T' is already generated from /a.xml");
    }

    [Fact]
    public void Generate_TwoSchemasDistinctNamespaces_CompileTogether()
    {
        var schema = Schema("", Ok);
        var result = Run(("/a.xml", schema, "First.Ns"), ("/b.xml", schema, "Second.Ns"));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompileErrors);
        Assert.Contains("First.Ns.MEncoder.g.cs", result.HintNames);
        Assert.Contains("Second.Ns.MDecoder.g.cs", result.HintNames);
    }

    [Fact]
    public void Generate_PackageWithDots_UsesPascalCaseNamespace()
    {
        var result = Run(Schema("", Ok, "package=\"group.with-data\" id=\"1\""));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Contains("Group.WithData.MDecoder.g.cs", result.HintNames);
        Assert.Contains("namespace Group.WithData;", result.AllSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_OlderSchemaNamespace_IsAccepted()
    {
        var schema = Schema("", Ok).Replace("http://fixprotocol.io/2016/sbe", "http://www.fixprotocol.org/ns/simple/1.0", StringComparison.Ordinal);
        var result = Run(schema);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompileErrors);
        Assert.Contains("T.MDecoder.g.cs", result.HintNames);
    }

    [Fact]
    public void Generate_XmlThatIsNotASchema_IsIgnored()
    {
        var result = Run(("/other.xml", "<project><messageSchemaLike/></project>", null));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.HintNames);
    }

    [Fact]
    public void Generate_EveryConstruct_CompilesWithoutWarnings()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "general.xml");
        var result = Run(("/general.xml", File.ReadAllText(path), "Generality"));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompileErrors);
        Assert.Contains("Generality.SampleDecoder.g.cs", result.HintNames);
        Assert.Contains("Generality.Wide.g.cs", result.HintNames);
    }

    private static Diagnostic AssertError(GeneratorHarness.Result result, string id, params string[] fragments)
    {
        var matching = result.GeneratorDiagnostics.Where(d => d.Id == id).ToArray();
        Assert.True(matching.Length > 0,
            $"expected {id}; got: {string.Join(" / ", result.GeneratorDiagnostics.Select(d => d.Id + " " + d.GetMessage(CultureInfo.InvariantCulture)))}");
        var error = matching.FirstOrDefault(d => fragments.All(f => d.GetMessage(CultureInfo.InvariantCulture).Contains(f, StringComparison.Ordinal)));
        Assert.True(error is not null,
            $"no {id} names all of [{string.Join("; ", fragments)}]: {string.Join(" / ", matching.Select(d => d.GetMessage(CultureInfo.InvariantCulture)))}");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        return error;
    }
}
