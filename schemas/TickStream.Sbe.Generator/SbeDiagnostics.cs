using Microsoft.CodeAnalysis;

namespace TickStream.Sbe.Generator;

/// <summary>The errors the generator reports for a schema that breaks a rule of SBE 1.0.</summary>
internal static class SbeDiagnostics
{
    private const string Category = "TickStream.Sbe";

    public static readonly DiagnosticDescriptor MalformedXml = Make("TSSBE001", "Malformed SBE schema XML");
    public static readonly DiagnosticDescriptor UnknownType = Make("TSSBE002", "Unknown type reference");
    public static readonly DiagnosticDescriptor DuplicateId = Make("TSSBE003", "Duplicate id");
    public static readonly DiagnosticDescriptor OffsetOverlap = Make("TSSBE004", "Offset overlaps the previous field");
    public static readonly DiagnosticDescriptor BlockLengthTooSmall = Make("TSSBE005", "blockLength smaller than the fields");
    public static readonly DiagnosticDescriptor WrongOrder = Make("TSSBE006", "Fields, groups and data out of order");
    public static readonly DiagnosticDescriptor BadValue = Make("TSSBE007", "Value not valid for its type");
    public static readonly DiagnosticDescriptor UnknownPrimitive = Make("TSSBE008", "Unknown primitiveType");
    public static readonly DiagnosticDescriptor MissingInclude = Make("TSSBE009", "Included file not found");
    public static readonly DiagnosticDescriptor DuplicateName = Make("TSSBE010", "Duplicate or reserved name");
    public static readonly DiagnosticDescriptor BadAttribute = Make("TSSBE011", "Missing or invalid attribute");
    public static readonly DiagnosticDescriptor BadEncodingComposite = Make("TSSBE012", "Invalid header, group size or var data encoding");
    public static readonly DiagnosticDescriptor BadEnumOrSet = Make("TSSBE013", "Invalid enum or set");
    public static readonly DiagnosticDescriptor BadSinceVersion = Make("TSSBE014", "sinceVersion above the schema version");
    public static readonly DiagnosticDescriptor BadValueRef = Make("TSSBE015", "Invalid valueRef");
    public static readonly DiagnosticDescriptor NamespaceCollision = Make("TSSBE016", "Two schemas generate into one namespace");
    public static readonly DiagnosticDescriptor CircularComposite = Make("TSSBE017", "Composite contains itself");
    public static readonly DiagnosticDescriptor BadLength = Make("TSSBE018", "Invalid length");

    private static DiagnosticDescriptor Make(string id, string title) =>
        new(id, title, "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
