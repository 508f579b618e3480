using Microsoft.CodeAnalysis;
using static TickStream.Itch.Generator.Tests.GeneratorHarness;

namespace TickStream.Itch.Generator.Tests;

/// <summary>A malformed table row fails the build with an error at the row's file and line that says what is wrong.</summary>
public sealed class GeneratorDiagnosticsTests
{
    // Lines 1-4 are the header; line 5 the message row; line 6 onward its fields.
    private const string Head = """
        header
          StockLocate 1 2 Integer | Locate code
          TrackingNumber 3 2 Integer | Tracking number
          Timestamp 5 6 Timestamp | Nanoseconds since midnight

        """;

    private const string Good = """
        message D OrderDelete 19 | Order Delete message (D).
          OrderReferenceNumber 11 8 Integer | Reference number.
        """;

    public static TheoryData<string, string, string, int, string> BadTables => new()
    {
        { "message row without doc", "message D OrderDelete 19\n  OrderReferenceNumber 11 8 Integer | Ref.", "TSITCH001", 5, "expected 'message <type> <Name> <length> | <doc>'" },
        { "two-character type", "message DD OrderDelete 19 | Delete.\n  OrderReferenceNumber 11 8 Integer | Ref.", "TSITCH001", 5, "message type 'DD' must be one printable ASCII character" },
        { "length not a number", "message D OrderDelete nineteen | Delete.\n  OrderReferenceNumber 11 8 Integer | Ref.", "TSITCH001", 5, "a length from 1 to 65535, not 'nineteen'" },
        { "lower-case name", "message D orderDelete 19 | Delete.\n  OrderReferenceNumber 11 8 Integer | Ref.", "TSITCH001", 5, "message 'orderDelete' needs a name starting with a capital letter" },
        { "field without doc", "message D OrderDelete 19 | Delete.\n  OrderReferenceNumber 11 8 Integer", "TSITCH001", 6, "expected '<Field> <offset> <length> <kind> | <doc>'" },
        { "offset not a number", "message D OrderDelete 19 | Delete.\n  OrderReferenceNumber eleven 8 Integer | Ref.", "TSITCH001", 6, "field 'OrderReferenceNumber': offset 'eleven' and length '8' must be whole numbers" },
        { "unknown kind", "message D OrderDelete 19 | Delete.\n  OrderReferenceNumber 11 8 Price5 | Ref.", "TSITCH001", 6, "field 'OrderReferenceNumber': unknown kind 'Price5'" },
        { "numeric kind", "message D OrderDelete 19 | Delete.\n  OrderReferenceNumber 11 8 0 | Ref.", "TSITCH001", 6, "unknown kind '0'" },
        { "gap before a field", "message D OrderDelete 20 | Delete.\n  OrderReferenceNumber 12 8 Integer | Ref.", "TSITCH002", 6, "offset 12 leaves a gap or overlaps; the previous field ends at 11" },
        { "overlapping fields", "message X OrderCancel 23 | Cancel.\n  OrderReferenceNumber 11 8 Integer | Ref.\n  CancelledShares 18 4 Integer | Shares.", "TSITCH002", 7, "offset 18 leaves a gap or overlaps; the previous field ends at 19" },
        { "three-byte integer", "message D OrderDelete 14 | Delete.\n  OrderReferenceNumber 11 3 Integer | Ref.", "TSITCH002", 6, "an Integer is 2, 4 or 8 bytes, not 3" },
        { "fields past the message length", "message Y RegSho 19 | Reg SHO.\n  Stock 11 8 Stock | Symbol.\n  Extra 19 1 Side | Side.", "TSITCH002", 5, "length 19 differs from where its fields end, 20" },
        { "four-byte Price8", "message V Mwcb 15 | Levels.\n  Level1 11 4 Price8 | Level 1", "TSITCH002", 6, "a Price8 is 8 bytes, not 4" },
        { "length too long for the fields", "message D OrderDelete 20 | Delete.\n  OrderReferenceNumber 11 8 Integer | Ref.", "TSITCH002", 5, "message 'OrderDelete': length 20 differs from where its fields end, 19" },
        { "duplicate type byte", Good + "\nmessage D Other 19 | Other.\n  OrderReferenceNumber 11 8 Integer | Ref.", "TSITCH003", 7, "message 'Other' (D): the type byte or the name is already used" },
        { "duplicate field", "message X OrderCancel 23 | Cancel.\n  Shares 11 8 Integer | Ref.\n  Shares 19 4 Integer | Shares.", "TSITCH003", 7, "field 'Shares': member 'Shares' is already used in this message" },
        { "derived member clash", "message A Add 20 | Add.\n  PriceE9 11 4 Integer | Raw.\n  Price 15 4 Price4 | Limit price\n  Flag 19 1 Alpha | Flag.", "TSITCH003", 7, "field 'Price': member 'PriceE9' is already used in this message" },
        { "field clashing with the header", "message D OrderDelete 13 | Delete.\n  Timestamp 11 2 Integer | Again.", "TSITCH003", 6, "member 'Timestamp' is already used" },
    };

    [Theory]
    [MemberData(nameof(BadTables))]
    public void Generate_MalformedRow_ReportsFileLineAndRule(string rule, string rows, string id, int line, string expected)
    {
        var result = Run(Head + rows);

        var error = Assert.Single(result.GeneratorDiagnostics);
        Assert.True(error.Id == id, $"{rule}: expected {id}, got {error}");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        var span = error.Location.GetLineSpan();
        Assert.Equal(TablePath, span.Path);
        Assert.Equal(line, span.StartLinePosition.Line + 1);
        var message = error.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith($"{TablePath}({line}): ", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Empty(result.HintNames);
    }

    [Fact]
    public void Generate_FieldBeforeAnyMessage_IsReported()
    {
        var result = Run("# comment\n  Stock 11 8 Stock | Symbol.\n");

        var error = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("TSITCH001", error.Id);
        Assert.Equal(1, error.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("a field row must follow a 'header' or 'message' row", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_GoodTable_CompilesWithoutDiagnostics()
    {
        var result = Run(Head + Good);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompileErrors);
        Assert.Equal(["Messages.OrderDeleteMessage.g.cs", "ItchParser.g.cs", "IItchMessageHandler.g.cs"], result.HintNames);
    }
}
