using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace TickStream.Itch.Generator;

/// <summary>
/// Reads the message table (format in the table's own comment) and checks every row: token count, numbers, kinds,
/// names, gapless offsets, field lengths that fit their kind and message lengths that match their fields.
/// Each problem is one diagnostic at the row's file and line; the rest of a block (header or message) with a wrong
/// row is skipped, so one mistake gives one error rather than a cascade.
/// </summary>
internal sealed class TableParser
{
    /// <summary>TSITCH001: a row that does not have the shape of a header, message or field row.</summary>
    public static readonly DiagnosticDescriptor MalformedRow = Error("TSITCH001", "Malformed message table row");

    /// <summary>TSITCH002: a gap, an overlap, a length that does not fit the kind, or a message length off its fields.</summary>
    public static readonly DiagnosticDescriptor BadLayout = Error("TSITCH002", "Field layout does not fit its kind or message");

    /// <summary>TSITCH003: a type byte, message name or member name used twice.</summary>
    public static readonly DiagnosticDescriptor Duplicate = Error("TSITCH003", "Duplicate message type, message name or field name");

    private static readonly char[] Blanks = { ' ', '\t' };
    private readonly string _path;
    private readonly List<Diagnostic> _diagnostics = new List<Diagnostic>();
    private readonly MessageTable _table = new MessageTable();
    private readonly HashSet<char> _types = new HashSet<char>();
    private readonly HashSet<string> _names = new HashSet<string>(StringComparer.Ordinal);
    private List<FieldRow>? _section;
    private MessageRow? _message;
    private bool _skipBlock;
    private TextLine _messageText;

    private TableParser(string path) => _path = path;

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>Parses <paramref name="text"/>; null when any row is wrong (the diagnostics say which).</summary>
    public static (MessageTable? Table, IReadOnlyList<Diagnostic> Diagnostics) Parse(string path, SourceText text)
    {
        var parser = new TableParser(path);
        foreach (var line in text.Lines)
        {
            parser.Row(line, line.ToString());
        }

        parser.EndMessage();
        return (parser._diagnostics.Count == 0 ? parser._table : null, parser._diagnostics);
    }

    private void Row(TextLine line, string raw)
    {
        var trimmed = raw.Trim();
        if (trimmed.Length == 0 || trimmed[0] == '#')
        {
            return;
        }

        var indented = char.IsWhiteSpace(raw[0]);
        if (!indented && trimmed == "header")
        {
            EndMessage();
            _skipBlock = false;
            if (_table.Header.Count > 0 || _table.Messages.Count > 0)
            {
                Report(MalformedRow, line, "the header must come once, before every message");
                return;
            }

            _section = _table.Header;
            return;
        }

        var bar = trimmed.IndexOf('|');
        var tokens = (bar < 0 ? trimmed : trimmed.Substring(0, bar)).Split(Blanks, StringSplitOptions.RemoveEmptyEntries);
        var doc = bar < 0 ? "" : trimmed.Substring(bar + 1).Trim();
        if (!indented)
        {
            EndMessage();
            MessageLine(line, tokens, doc);
        }
        else
        {
            FieldLine(line, tokens, doc);
        }
    }

    private void MessageLine(TextLine line, string[] tokens, string doc)
    {
        _section = null;
        _skipBlock = true;
        if (tokens.Length != 4 || tokens[0] != "message" || doc.Length == 0)
        {
            Report(MalformedRow, line, "expected 'message <type> <Name> <length> | <doc>' or 'header'");
            return;
        }

        if (tokens[1].Length != 1 || tokens[1][0] <= ' ' || tokens[1][0] > '~')
        {
            Report(MalformedRow, line, $"message type '{tokens[1]}' must be one printable ASCII character");
            return;
        }

        if (!IsName(tokens[2]) || !TryNumber(tokens[3], out var length))
        {
            Report(MalformedRow, line, $"message '{tokens[2]}' needs a name starting with a capital letter and a length from 1 to 65535, not '{tokens[3]}'");
            return;
        }

        var type = tokens[1][0];
        if (!_types.Add(type) || !_names.Add(tokens[2]))
        {
            Report(Duplicate, line, $"message '{tokens[2]}' ({type}): the type byte or the name is already used");
            return;
        }

        _skipBlock = false;
        _message = new MessageRow(type, tokens[2], length, doc);
        _messageText = line;
        _section = _message.Fields;
    }

    private void FieldLine(TextLine line, string[] tokens, string doc)
    {
        if (_skipBlock)
        {
            return;
        }

        if (_section is null)
        {
            Report(MalformedRow, line, "a field row must follow a 'header' or 'message' row");
            return;
        }

        if (tokens.Length != 4 || doc.Length == 0 || !IsName(tokens[0]))
        {
            Report(MalformedRow, line, "expected '<Field> <offset> <length> <kind> | <doc>' with a name starting with a capital letter");
            return;
        }

        var name = tokens[0];
        if (!TryNumber(tokens[1], out var offset) || !TryNumber(tokens[2], out var length))
        {
            Report(MalformedRow, line, $"field '{name}': offset '{tokens[1]}' and length '{tokens[2]}' must be whole numbers from 1 to 65535");
            return;
        }

        if (!TryKind(tokens[3], out var kind))
        {
            Report(MalformedRow, line, $"field '{name}': unknown kind '{tokens[3]}' (Integer, Alpha, Timestamp, Stock, Side, Price4, Price8)");
            return;
        }

        var expectedOffset = _section.Count > 0 ? End(_section[_section.Count - 1]) : (_section == _table.Header ? 1 : HeaderEnd());
        if (offset != expectedOffset)
        {
            Report(BadLayout, line, $"field '{name}': offset {offset} leaves a gap or overlaps; the previous field ends at {expectedOffset}");
            return;
        }

        var fit = KindFit(kind, offset, length);
        if (fit is not null)
        {
            Report(BadLayout, line, $"field '{name}': {fit}");
            return;
        }

        var field = new FieldRow(name, offset, length, kind, doc);
        foreach (var member in Members(field))
        {
            if (Taken(member))
            {
                Report(Duplicate, line, $"field '{name}': member '{member}' is already used in this message");
                return;
            }
        }

        _section.Add(field);
    }

    private void EndMessage()
    {
        if (_message is null || _skipBlock)
        {
            _message = null;
            return;
        }

        var end = _message.Fields.Count > 0 ? End(_message.Fields[_message.Fields.Count - 1]) : HeaderEnd();
        if (end != _message.Length)
        {
            Report(BadLayout, _messageText, $"message '{_message.Name}': length {_message.Length} differs from where its fields end, {end}");
        }
        else
        {
            _table.Messages.Add(_message);
        }

        _message = null;
        _section = null;
    }

    private static string? KindFit(FieldKind kind, int offset, int length) => kind switch
    {
        FieldKind.Integer when length != 2 && length != 4 && length != 8 => $"an Integer is 2, 4 or 8 bytes, not {length}",
        FieldKind.Timestamp when length != 6 || offset != 5 => $"a Timestamp is 6 bytes at offset 5, not {length} at {offset}",
        FieldKind.Stock when length != 8 => $"a Stock is 8 bytes, not {length}",
        FieldKind.Side when length != 1 => $"a Side is 1 byte, not {length}",
        FieldKind.Price4 when length != 4 => $"a Price4 is 4 bytes, not {length}",
        FieldKind.Price8 when length != 8 => $"a Price8 is 8 bytes, not {length}",
        _ => null,
    };

    /// <summary>The public members a field produces, for clash checks.</summary>
    internal static IEnumerable<string> Members(FieldRow field)
    {
        yield return field.Name;
        switch (field.Kind)
        {
            case FieldKind.Stock:
                yield return field.Name + "Trimmed";
                break;
            case FieldKind.Side:
                yield return "Side";
                break;
            case FieldKind.Price4:
            case FieldKind.Price8:
                yield return field.Name + "E9";
                break;
        }
    }

    private bool Taken(string member)
    {
        if (member == "Type" || member == "Length" || member == "Buffer")
        {
            return true;
        }

        foreach (var list in _message is null ? new[] { _table.Header } : new[] { _table.Header, _message.Fields })
        {
            foreach (var other in list)
            {
                foreach (var used in Members(other))
                {
                    if (used == member)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool TryKind(string s, out FieldKind kind)
    {
        foreach (FieldKind k in Enum.GetValues(typeof(FieldKind)))
        {
            if (k.ToString() == s)
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    private int HeaderEnd() => _table.Header.Count > 0 ? End(_table.Header[_table.Header.Count - 1]) : 1;

    private static int End(FieldRow field) => field.Offset + field.Length;

    private static bool IsName(string s)
    {
        if (s.Length == 0 || s[0] < 'A' || s[0] > 'Z')
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!(c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryNumber(string s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= 65535;

    private static DiagnosticDescriptor Error(string id, string title) =>
        new(id, title, "{0}", "TickStream.Itch", DiagnosticSeverity.Error, isEnabledByDefault: true);

    private void Report(DiagnosticDescriptor descriptor, TextLine line, string what)
    {
        _skipBlock = true;
        var number = line.LineNumber;
        var span = new LinePositionSpan(new LinePosition(number, 0), new LinePosition(number, line.Span.Length));
        _diagnostics.Add(Diagnostic.Create(descriptor, Location.Create(_path, line.Span, span), $"{_path}({number + 1}): {what}"));
    }
}
