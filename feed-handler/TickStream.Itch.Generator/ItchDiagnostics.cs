using Microsoft.CodeAnalysis;

namespace TickStream.Itch.Generator;

/// <summary>The errors the generator reports for a message table row it cannot turn into code.</summary>
internal static class ItchDiagnostics
{
    private const string Category = "TickStream.Itch";

    public static readonly DiagnosticDescriptor MalformedRow = Make("TSITCH001", "Malformed message table row");
    public static readonly DiagnosticDescriptor BadLayout = Make("TSITCH002", "Field layout does not fit its kind or message");
    public static readonly DiagnosticDescriptor Duplicate = Make("TSITCH003", "Duplicate message type, message name or field name");

    private static DiagnosticDescriptor Make(string id, string title) =>
        new(id, title, "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
