using System;
using System.Collections.Generic;
using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace TickStream.Sbe.Generator;

/// <summary>Reads one SBE messageSchema (with its includes) into a <see cref="Schema"/>, reporting every rule broken.</summary>
internal sealed class SchemaParser
{
    private const string XIncludeNamespace = "http://www.w3.org/2001/XInclude";

    private readonly Dictionary<string, SchemaFile> _files;
    private readonly List<Diagnostic> _diagnostics = new();
    private readonly Dictionary<XDocument, SchemaFile> _docs = new();
    private readonly Dictionary<string, XElement> _typeElements = new(StringComparer.Ordinal);
    private readonly Dictionary<XElement, SbeType?> _resolved = new();
    private readonly HashSet<XElement> _resolving = new();
    private Schema _schema = null!;

    public SchemaParser(Dictionary<string, SchemaFile> files)
    {
        _files = files;
    }

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>Parses XML text; null with a TSSBE001 diagnostic when it is not well-formed.</summary>
    public static XDocument? Load(SchemaFile file, List<Diagnostic> diagnostics)
    {
        try
        {
            return XDocument.Parse(file.Text, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            var line = Math.Max(e.LineNumber, 1);
            var pos = new LinePosition(line - 1, Math.Max(e.LinePosition - 1, 0));
            var location = Location.Create(file.Path, default, new LinePositionSpan(pos, pos));
            diagnostics.Add(Diagnostic.Create(SbeDiagnostics.MalformedXml, location,
                $"{file.Path}({Num(line)},{Num(e.LinePosition)}): malformed XML: {e.Message}"));
            return null;
        }
    }

    public static bool IsMessageSchema(XDocument doc) => doc.Root is { } root && root.Name.LocalName == "messageSchema";

    public Schema? Parse(SchemaFile file, XDocument doc, string ns)
    {
        _docs[doc] = file;
        var root = doc.Root!;
        _schema = new Schema(file.Path, ns)
        {
            Package = Attr(root, "package") ?? "",
            Id = IntAttr(root, "id", required: true, 0),
            Version = IntAttr(root, "version", required: false, 0),
            BigEndian = string.Equals(Attr(root, "byteOrder"), "bigEndian", StringComparison.Ordinal),
            Description = Attr(root, "description"),
        };
        var byteOrder = Attr(root, "byteOrder");
        if (byteOrder is not null and not "littleEndian" and not "bigEndian")
        {
            Report(SbeDiagnostics.BadAttribute, root, $"messageSchema: byteOrder '{byteOrder}' must be littleEndian or bigEndian");
        }

        var typesElements = new List<XElement>();
        CollectTypes(root, file, typesElements, new HashSet<string>(StringComparer.Ordinal) { file.Path });
        foreach (var types in typesElements)
        {
            foreach (var el in types.Elements())
            {
                Register(el);
            }
        }

        foreach (var types in typesElements)
        {
            foreach (var el in types.Elements())
            {
                var t = ResolveElement(el);
                if (t is not null && !_schema.Types.ContainsKey(t.Name))
                {
                    _schema.Types[t.Name] = t;
                }
            }
        }

        foreach (var pair in _resolved)
        {
            if (pair.Value is { } t and not EncodedType && !_schema.Types.ContainsKey(t.Name))
            {
                _schema.Types[t.Name] = t;
            }
        }

        var headerName = Attr(root, "headerType") ?? "messageHeader";
        if (!_schema.Types.TryGetValue(headerName, out var headerType) || headerType is not CompositeType header)
        {
            Report(SbeDiagnostics.BadEncodingComposite, root, $"messageSchema: headerType composite '{headerName}' is not defined");
        }
        else
        {
            _schema.Header = header;
            foreach (var member in new[] { "blockLength", "templateId", "schemaId", "version" })
            {
                RequireUnsignedMember(header, member, "headerType", allowConstant: member != "blockLength" && member != "templateId");
            }
        }

        var templateIds = new Dictionary<int, string>();
        var messageNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var el in root.Elements())
        {
            if (el.Name.LocalName != "message")
            {
                continue;
            }

            var name = RequiredAttr(el, "name", "message");
            var id = IntAttr(el, "id", required: true, 0);
            var message = new Block(name, id, el)
            {
                Description = Attr(el, "description"),
                SinceVersion = IntAttr(el, "sinceVersion", required: false, 0),
            };
            CheckSince(el, message.SinceVersion, $"message '{name}'");
            if (templateIds.TryGetValue(id, out var other))
            {
                Report(SbeDiagnostics.DuplicateId, el, $"message '{name}': id {Num(id)} is already the id of message '{other}'");
            }
            else
            {
                templateIds[id] = name;
            }

            if (!messageNames.Add(CodeNames.Pascal(name)))
            {
                Report(SbeDiagnostics.DuplicateName, el, $"message '{name}': a message of that name is already defined");
            }

            ParseBlock(el, message, $"message '{name}'", IntAttrOrNull(el, "blockLength"));
            _schema.Messages.Add(message);
        }

        CheckTypeNameCollisions(root);
        return _diagnostics.Count == 0 ? _schema : null;
    }

    // Puts a field or composite member at its explicit offset or right after the previous one, and returns where the
    // next one starts. Constants take no bytes; an explicit offset inside the previous slot is a schema error.
    private int Place(Slot slot, int? offset, int current, XElement element, string what, string previous)
    {
        slot.Offset = offset ?? current;
        if (slot.Presence == Presence.Constant)
        {
            return current;
        }

        if (offset is { } o && o < current)
        {
            Report(SbeDiagnostics.OffsetOverlap, element,
                $"{what}: offset {Num(o)} overlaps the previous {previous}, which ends at {Num(current)}");
        }

        return Math.Max(current, slot.Offset + slot.Size);
    }

    private void CheckTypeNameCollisions(XElement root)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SbeBuffer"] = "generated helper",
            ["SbeThrowHelper"] = "generated helper",
            ["SbeDecodeError"] = "generated helper",
        };
        void Add(string typeName, string what, XElement el)
        {
            if (names.TryGetValue(typeName, out var prior))
            {
                Report(SbeDiagnostics.DuplicateName, el, $"{what}: generated type name '{typeName}' collides with {prior}");
            }
            else
            {
                names[typeName] = what;
            }
        }

        foreach (var t in _schema.Types.Values)
        {
            switch (t)
            {
                case CompositeType c:
                    Add(CodeNames.Pascal(c.Name) + "Encoder", $"composite '{c.Name}'", c.Element);
                    Add(CodeNames.Pascal(c.Name) + "Decoder", $"composite '{c.Name}'", c.Element);
                    break;
                case EnumType or SetType:
                    Add(CodeNames.Pascal(t.Name), $"{t.Element.Name.LocalName} '{t.Name}'", t.Element);
                    break;
            }
        }

        foreach (var m in _schema.Messages)
        {
            Add(CodeNames.Pascal(m.Name) + "Encoder", $"message '{m.Name}'", m.Element);
            Add(CodeNames.Pascal(m.Name) + "Decoder", $"message '{m.Name}'", m.Element);
        }

        _ = root;
    }

    private void CollectTypes(XElement container, SchemaFile file, List<XElement> types, HashSet<string> chain)
    {
        foreach (var el in container.Elements())
        {
            if (el.Name.LocalName == "types")
            {
                types.Add(el);
            }
            else if (el.Name.LocalName == "include" && el.Name.NamespaceName == XIncludeNamespace)
            {
                var href = Attr(el, "href");
                if (href is null)
                {
                    Report(SbeDiagnostics.BadAttribute, el, "xi:include: attribute 'href' is required");
                    continue;
                }

                var target = PathUtil.Resolve(file.Path, href);
                if (!_files.TryGetValue(target, out var included))
                {
                    Report(SbeDiagnostics.MissingInclude, el,
                        $"xi:include href='{href}': no AdditionalFiles item at '{target}' (the href is resolved against the including file)");
                    continue;
                }

                if (!chain.Add(target))
                {
                    Report(SbeDiagnostics.MissingInclude, el, $"xi:include href='{href}': the include is circular");
                    continue;
                }

                var doc = Load(included, _diagnostics);
                if (doc?.Root is { } incRoot)
                {
                    _docs[doc] = included;
                    if (incRoot.Name.LocalName == "types")
                    {
                        types.Add(incRoot);
                    }
                    else
                    {
                        CollectTypes(incRoot, included, types, chain);
                    }
                }

                chain.Remove(target);
            }
        }
    }

    private void Register(XElement el)
    {
        var kind = el.Name.LocalName;
        if (kind is not ("type" or "composite" or "enum" or "set"))
        {
            return;
        }

        var name = RequiredAttr(el, "name", kind);
        if (name.Length == 0)
        {
            return;
        }

        if (_typeElements.TryGetValue(name, out var prior) && prior != el)
        {
            Report(SbeDiagnostics.DuplicateName, el, $"{kind} '{name}': a type of that name is already defined (line {Num(Line(prior))})");
            return;
        }

        _typeElements[name] = el;
        if (kind == "composite")
        {
            foreach (var child in el.Elements())
            {
                if (child.Name.LocalName is "composite" or "enum" or "set")
                {
                    Register(child);
                }
            }
        }
    }

    private SbeType? ResolveName(string name, XElement referrer, string what)
    {
        if (_typeElements.TryGetValue(name, out var el))
        {
            return ResolveElement(el);
        }

        var p = Primitive.Find(name);
        if (p is not null)
        {
            return new EncodedType(name, referrer, p);
        }

        Report(SbeDiagnostics.UnknownType, referrer, $"{what}: unknown type reference '{name}'");
        return null;
    }

    private SbeType? ResolveElement(XElement el)
    {
        if (_resolved.TryGetValue(el, out var done))
        {
            return done;
        }

        if (!_resolving.Add(el))
        {
            Report(SbeDiagnostics.CircularComposite, el, $"composite '{Attr(el, "name")}': contains itself");
            return null;
        }

        SbeType? result = el.Name.LocalName switch
        {
            "type" => ParseEncodedType(el),
            "composite" => ParseComposite(el),
            "enum" => ParseEnum(el),
            "set" => ParseSet(el),
            _ => null,
        };
        if (result is not null)
        {
            result.Description = Attr(el, "description");
            result.SinceVersion = IntAttr(el, "sinceVersion", required: false, 0);
            result.Offset = IntAttrOrNull(el, "offset");
            CheckSince(el, result.SinceVersion, $"{el.Name.LocalName} '{result.Name}'");
        }

        _resolving.Remove(el);
        _resolved[el] = result;
        return result;
    }

    private EncodedType? ParseEncodedType(XElement el)
    {
        var name = RequiredAttr(el, "name", "type");
        var primName = Attr(el, "primitiveType");
        if (primName is null)
        {
            Report(SbeDiagnostics.BadAttribute, el, $"type '{name}': attribute 'primitiveType' is required");
            return null;
        }

        var prim = Primitive.Find(primName);
        if (prim is null)
        {
            Report(SbeDiagnostics.UnknownPrimitive, el, $"type '{name}': unknown primitiveType '{primName}' (char, int8..int64, uint8..uint64, float, double)");
            return null;
        }

        var t = new EncodedType(name, el, prim)
        {
            Presence = ParsePresence(el, $"type '{name}'"),
            NullValue = Attr(el, "nullValue"),
            MinValue = Attr(el, "minValue"),
            MaxValue = Attr(el, "maxValue"),
            CharacterEncoding = Attr(el, "characterEncoding"),
            ValueRef = Attr(el, "valueRef"),
        };
        var length = IntAttrOrNull(el, "length");
        if (length is < 0)
        {
            Report(SbeDiagnostics.BadLength, el, $"type '{name}': length {Num(length.Value)} must not be negative");
        }

        t.Length = length ?? 1;
        if (t.Presence == Presence.Constant)
        {
            t.ConstValue = el.Value.Trim();
            if (t.ConstValue.Length == 0 && t.ValueRef is null)
            {
                Report(SbeDiagnostics.BadValue, el, $"type '{name}': a constant type needs its value as element text");
            }
            else if (prim.IsChar && t.ConstValue.Length > 1 && length is null)
            {
                t.Length = t.ConstValue.Length;
            }
            else if (t.ValueRef is null && !(prim.IsChar && t.Length > 1))
            {
                CheckLiteral(prim, t.ConstValue, el, $"type '{name}': constant value");
            }
        }

        if (t.NullValue is not null)
        {
            if (t.Presence != Presence.Optional)
            {
                Report(SbeDiagnostics.BadValue, el, $"type '{name}': nullValue is only allowed with presence=\"optional\"");
            }

            if (!CheckLiteral(prim, t.NullValue, el, $"type '{name}': nullValue"))
            {
                t.NullValue = null;
            }
        }

        if (t.MinValue is not null && !CheckLiteral(prim, t.MinValue, el, $"type '{name}': minValue"))
        {
            t.MinValue = null;
        }

        if (t.MaxValue is not null && !CheckLiteral(prim, t.MaxValue, el, $"type '{name}': maxValue"))
        {
            t.MaxValue = null;
        }

        return t;
    }

    private CompositeType? ParseComposite(XElement el)
    {
        var name = RequiredAttr(el, "name", "composite");
        var c = new CompositeType(name, el);
        var current = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var child in el.Elements())
        {
            var kind = child.Name.LocalName;
            SbeType? memberType;
            string memberName;
            if (kind == "ref")
            {
                memberName = RequiredAttr(child, "name", $"composite '{name}' ref");
                var typeName = Attr(child, "type");
                if (typeName is null)
                {
                    Report(SbeDiagnostics.BadAttribute, child, $"composite '{name}' ref '{memberName}': attribute 'type' is required");
                    continue;
                }

                memberType = ResolveName(typeName, child, $"composite '{name}' ref '{memberName}'");
            }
            else if (kind is "type" or "composite" or "enum" or "set")
            {
                memberName = Attr(child, "name") ?? "";
                memberType = ResolveElement(child);
            }
            else
            {
                continue;
            }

            if (memberType is null)
            {
                continue;
            }

            if (!names.Add(memberName))
            {
                Report(SbeDiagnostics.DuplicateName, child, $"composite '{name}': member '{memberName}' is defined twice");
            }

            if (CodeNames.IsReservedInComposite(CodeNames.Pascal(memberName)))
            {
                Report(SbeDiagnostics.DuplicateName, child, $"composite '{name}' member '{memberName}': the name is reserved by the generated code");
            }

            var slot = MakeSlot(memberName, memberType, child, $"composite '{name}' member '{memberName}'");
            slot.SinceVersion = kind == "ref" ? IntAttr(child, "sinceVersion", required: false, 0) : memberType.SinceVersion;
            var offset = kind == "ref" ? IntAttrOrNull(child, "offset") : memberType.Offset;
            current = Place(slot, offset, current, child, $"composite '{name}' member '{memberName}'", "member");

            c.Members.Add(slot);
        }

        c.SetSize(current);
        return c;
    }

    private EnumType? ParseEnum(XElement el)
    {
        var name = RequiredAttr(el, "name", "enum");
        var encName = Attr(el, "encodingType");
        if (encName is null)
        {
            Report(SbeDiagnostics.BadAttribute, el, $"enum '{name}': attribute 'encodingType' is required");
            return null;
        }

        if (!ResolveEncoding(encName, el, $"enum '{name}'", out var prim, out var nullValue))
        {
            return null;
        }

        if (prim.IsFloat)
        {
            Report(SbeDiagnostics.BadEnumOrSet, el, $"enum '{name}': encodingType '{encName}' must be char or an integer type");
            return null;
        }

        var e = new EnumType(name, el, prim, Literal(prim, nullValue ?? prim.DefaultNull));
        var seenNames = new HashSet<string>(StringComparer.Ordinal);
        var seenValues = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in el.Elements())
        {
            if (v.Name.LocalName != "validValue")
            {
                continue;
            }

            var vName = RequiredAttr(v, "name", $"enum '{name}' validValue");
            var text = v.Value.Trim();
            if (!CheckLiteral(prim, text, v, $"enum '{name}' validValue '{vName}'"))
            {
                continue;
            }

            var literal = Literal(prim, text);
            if (!seenNames.Add(CodeNames.Pascal(vName)) || CodeNames.Pascal(vName) == "NULL_VAL")
            {
                Report(SbeDiagnostics.BadEnumOrSet, v, $"enum '{name}': validValue name '{vName}' is used twice");
            }

            if (!seenValues.Add(literal))
            {
                Report(SbeDiagnostics.BadEnumOrSet, v, $"enum '{name}': validValue '{vName}' repeats the value '{text}'");
            }

            if (literal == e.NullLiteral)
            {
                Report(SbeDiagnostics.BadEnumOrSet, v, $"enum '{name}': validValue '{vName}' equals the null value of the encoding");
            }

            e.Values.Add(new EnumValue(vName, literal, Attr(v, "description")));
        }

        return e;
    }

    private SetType? ParseSet(XElement el)
    {
        var name = RequiredAttr(el, "name", "set");
        var encName = Attr(el, "encodingType");
        if (encName is null)
        {
            Report(SbeDiagnostics.BadAttribute, el, $"set '{name}': attribute 'encodingType' is required");
            return null;
        }

        if (!ResolveEncoding(encName, el, $"set '{name}'", out var prim, out _))
        {
            return null;
        }

        if (!prim.IsInteger || prim.IsSigned)
        {
            Report(SbeDiagnostics.BadEnumOrSet, el, $"set '{name}': encodingType '{encName}' must be uint8, uint16, uint32 or uint64");
            return null;
        }

        var s = new SetType(name, el, prim);
        var bits = new HashSet<int>();
        foreach (var c in el.Elements())
        {
            if (c.Name.LocalName != "choice")
            {
                continue;
            }

            var cName = RequiredAttr(c, "name", $"set '{name}' choice");
            if (!int.TryParse(c.Value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var bit) || bit < 0 || bit >= prim.Size * 8)
            {
                Report(SbeDiagnostics.BadEnumOrSet, c,
                    $"set '{name}' choice '{cName}': bit '{c.Value.Trim()}' must be an integer from 0 to {Num((prim.Size * 8) - 1)}");
                continue;
            }

            if (!bits.Add(bit))
            {
                Report(SbeDiagnostics.BadEnumOrSet, c, $"set '{name}' choice '{cName}': bit {Num(bit)} is used twice");
            }

            s.Choices.Add((cName, bit, Attr(c, "description")));
        }

        return s;
    }

    private bool ResolveEncoding(string encName, XElement el, string what, out Primitive prim, out string? nullValue)
    {
        nullValue = null;
        prim = null!;
        var p = Primitive.Find(encName);
        if (p is not null)
        {
            prim = p;
            return true;
        }

        var t = ResolveName(encName, el, what + " encodingType");
        if (t is EncodedType { Length: 1, Presence: not Presence.Constant } et)
        {
            prim = et.Primitive;
            nullValue = et.Presence == Presence.Optional ? et.NullValue : null;
            return true;
        }

        if (t is not null)
        {
            Report(SbeDiagnostics.BadEnumOrSet, el, $"{what}: encodingType '{encName}' must name a primitive type or a single-value encoded type");
        }

        return false;
    }

    private Slot MakeSlot(string name, SbeType type, XElement el, string what)
    {
        var slot = new Slot(name, type, el)
        {
            Description = Attr(el, "description") ?? type.Description,
            Presence = type is EncodedType et ? et.Presence : Presence.Required,
        };
        var presenceAttr = Attr(el, "presence");
        if (presenceAttr is not null && el.Name.LocalName is "field" or "ref")
        {
            slot.Presence = ParsePresence(el, what);
        }

        if (slot.Presence != Presence.Constant)
        {
            return slot;
        }

        var valueRef = Attr(el, "valueRef") ?? (type as EncodedType)?.ValueRef;
        if (valueRef is not null)
        {
            var dot = valueRef.LastIndexOf('.');
            var enumName = dot > 0 ? valueRef.Substring(0, dot) : "";
            var valueName = dot > 0 ? valueRef.Substring(dot + 1) : "";
            if (!_typeElements.TryGetValue(enumName, out var enumEl) || ResolveElement(enumEl) is not EnumType enumType)
            {
                Report(SbeDiagnostics.BadValueRef, el, $"{what}: valueRef '{valueRef}' must be EnumName.ValueName of a defined enum");
                return slot;
            }

            var found = enumType.Values.Find(v => v.Name == valueName);
            if (found is null)
            {
                Report(SbeDiagnostics.BadValueRef, el, $"{what}: valueRef '{valueRef}': enum '{enumName}' has no value '{valueName}'");
                return slot;
            }

            slot.ConstCsType = CodeNames.Global(_schema.Namespace, CodeNames.Pascal(enumType.Name));
            slot.ConstExpression = slot.ConstCsType + "." + CodeNames.Pascal(found.Name);
            return slot;
        }

        var text = el.Name.LocalName == "field" && el.Value.Trim().Length > 0 ? el.Value.Trim() : (type as EncodedType)?.ConstValue;
        if (type is EncodedType enc && text is not null)
        {
            if (enc.Primitive.IsChar && (text.Length > 1 || enc.Length > 1))
            {
                slot.ConstText = text;
            }
            else if (CheckLiteral(enc.Primitive, text, el, $"{what}: constant value"))
            {
                slot.ConstCsType = enc.Primitive.CsType;
                slot.ConstExpression = Literal(enc.Primitive, text);
            }
        }
        else
        {
            Report(SbeDiagnostics.BadValue, el, $"{what}: a constant needs a value (element text or valueRef) and an encoded type or enum");
        }

        return slot;
    }

    private void ParseBlock(XElement el, Block block, string what, int? explicitBlockLength)
    {
        var current = 0;
        var ids = new Dictionary<int, string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var seenGroup = false;
        var seenData = false;
        var members = new Dictionary<string, string>(StringComparer.Ordinal) { [CodeNames.Pascal(block.Name) + "Decoder"] = what, [CodeNames.Pascal(block.Name) + "Encoder"] = what };
        foreach (var child in el.Elements())
        {
            var kind = child.Name.LocalName;
            if (kind is not ("field" or "group" or "data"))
            {
                continue;
            }

            var name = RequiredAttr(child, "name", $"{what} {kind}");
            var id = IntAttr(child, "id", required: true, 0);
            var childWhat = $"{what} {kind} '{name}'";
            if (ids.TryGetValue(id, out var other))
            {
                Report(SbeDiagnostics.DuplicateId, child, $"{childWhat}: id {Num(id)} is already used by '{other}'");
            }
            else
            {
                ids[id] = name;
            }

            var pascal = CodeNames.Pascal(name);
            if (!names.Add(pascal))
            {
                Report(SbeDiagnostics.DuplicateName, child, $"{childWhat}: the name is already used in {what}");
            }

            if (CodeNames.IsReserved(pascal))
            {
                Report(SbeDiagnostics.DuplicateName, child, $"{childWhat}: the name '{pascal}' is reserved by the generated code");
            }

            // The C# members generated for the element must not clash with those of another element of the block.
            var generated = kind switch
            {
                "field" => new[] { pascal, "Has" + pascal, pascal + "NullValue", pascal + "Length", "Get" + pascal + "String", "Set" + pascal, "TrySet" + pascal },
                "group" => new[] { pascal + "Decoder", pascal + "Encoder", "TryGet" + pascal, pascal + "Count" },
                _ => new[] { "TryGet" + pascal, "Set" + pascal, "TrySet" + pascal },
            };
            foreach (var member in generated)
            {
                if (members.TryGetValue(member, out var owner))
                {
                    Report(SbeDiagnostics.DuplicateName, child, $"{childWhat}: its generated member '{member}' clashes with {owner}");
                    break;
                }

                members[member] = childWhat;
            }

            var since = IntAttr(child, "sinceVersion", required: false, 0);
            CheckSince(child, since, childWhat);
            if (kind == "field")
            {
                if (seenGroup || seenData)
                {
                    Report(SbeDiagnostics.WrongOrder, child, $"{childWhat}: a field must come before every group and data element");
                }

                var typeName = Attr(child, "type");
                if (typeName is null)
                {
                    Report(SbeDiagnostics.BadAttribute, child, $"{childWhat}: attribute 'type' is required");
                    continue;
                }

                var type = ResolveName(typeName, child, childWhat);
                if (type is null)
                {
                    continue;
                }

                if (type is EncodedType { Length: 0 })
                {
                    Report(SbeDiagnostics.BadLength, child, $"{childWhat}: type '{typeName}' has length 0, which only var data may use");
                }

                var slot = MakeSlot(name, type, child, childWhat);
                slot.Id = id;
                slot.SinceVersion = since;
                var offset = IntAttrOrNull(child, "offset");
                current = Place(slot, offset, current, child, childWhat, "field");

                block.Fields.Add(slot);
            }
            else if (kind == "group")
            {
                if (seenData)
                {
                    Report(SbeDiagnostics.WrongOrder, child, $"{childWhat}: a group must come before every data element");
                }

                seenGroup = true;
                var dimName = Attr(child, "dimensionType") ?? "groupSizeEncoding";
                var dim = ResolveName(dimName, child, childWhat + " dimensionType");
                if (dim is null)
                {
                    continue;
                }

                if (dim is not CompositeType dimComposite)
                {
                    Report(SbeDiagnostics.BadEncodingComposite, child, $"{childWhat}: dimensionType '{dimName}' must be a composite");
                    continue;
                }

                var bl = RequireUnsignedMember(dimComposite, "blockLength", "dimensionType", allowConstant: false);
                var num = RequireUnsignedMember(dimComposite, "numInGroup", "dimensionType", allowConstant: false);
                if (bl is null || num is null)
                {
                    continue;
                }

                var group = new GroupBlock(name, id, child, dimComposite)
                {
                    Description = Attr(child, "description"),
                    SinceVersion = since,
                    BlockLengthMember = bl,
                    NumInGroupMember = num,
                };
                ParseBlock(child, group, childWhat, IntAttrOrNull(child, "blockLength"));
                block.Groups.Add(group);
            }
            else
            {
                seenData = true;
                var typeName = Attr(child, "type");
                if (typeName is null)
                {
                    Report(SbeDiagnostics.BadAttribute, child, $"{childWhat}: attribute 'type' is required");
                    continue;
                }

                var type = ResolveName(typeName, child, childWhat);
                if (type is null)
                {
                    continue;
                }

                if (type is not CompositeType composite)
                {
                    Report(SbeDiagnostics.BadEncodingComposite, child, $"{childWhat}: type '{typeName}' must be a composite with 'length' and 'varData'");
                    continue;
                }

                var lengthMember = RequireUnsignedMember(composite, "length", "var data encoding", allowConstant: false);
                var dataMember = composite.Member("varData");
                if (dataMember is null)
                {
                    Report(SbeDiagnostics.BadEncodingComposite, composite.Element, $"var data encoding '{composite.Name}': member 'varData' is required");
                }

                if (lengthMember is null || dataMember is null)
                {
                    continue;
                }

                var lengthType = (EncodedType)lengthMember.Type;
                var max = lengthType.MaxValue is { } mv && decimal.TryParse(mv, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : lengthType.Primitive.RangeMax;
                block.Data.Add(new DataField(name, id, composite, child)
                {
                    SinceVersion = since,
                    Description = Attr(child, "description"),
                    LengthMember = lengthMember,
                    DataMember = dataMember,
                    MaxLength = Math.Min(max, int.MaxValue - 64),
                });
            }
        }

        if (explicitBlockLength is { } explicitLength)
        {
            if (explicitLength < current)
            {
                Report(SbeDiagnostics.BlockLengthTooSmall, el, $"{what}: blockLength {Num(explicitLength)} is smaller than its fields, which end at {Num(current)}");
            }

            block.BlockLength = explicitLength;
        }
        else
        {
            block.BlockLength = current;
        }
    }

    private Slot? RequireUnsignedMember(CompositeType composite, string member, string role, bool allowConstant)
    {
        var slot = composite.Member(member);
        if (slot is null)
        {
            Report(SbeDiagnostics.BadEncodingComposite, composite.Element, $"{role} composite '{composite.Name}': member '{member}' is required");
            return null;
        }

        if (slot.Type is not EncodedType { Length: 1 } et || !et.Primitive.IsInteger || et.Primitive.IsSigned || (!allowConstant && slot.Presence == Presence.Constant))
        {
            Report(SbeDiagnostics.BadEncodingComposite, slot.Element,
                $"{role} composite '{composite.Name}': member '{member}' must be an unsigned integer (uint8..uint64){(allowConstant ? "" : ", not a constant")}");
            return null;
        }

        return slot;
    }

    private void CheckSince(XElement el, int since, string what)
    {
        if (since > _schema.Version)
        {
            Report(SbeDiagnostics.BadSinceVersion, el, $"{what}: sinceVersion {Num(since)} is above the schema version {Num(_schema.Version)}");
        }
    }

    private Presence ParsePresence(XElement el, string what)
    {
        var p = Attr(el, "presence");
        switch (p)
        {
            case null or "required":
                return Presence.Required;
            case "optional":
                return Presence.Optional;
            case "constant":
                return Presence.Constant;
            default:
                Report(SbeDiagnostics.BadAttribute, el, $"{what}: presence '{p}' must be required, optional or constant");
                return Presence.Required;
        }
    }

    private bool CheckLiteral(Primitive p, string text, XElement el, string what)
    {
        if (ValueOk(p, text))
        {
            return true;
        }

        Report(SbeDiagnostics.BadValue, el, $"{what} '{text}' is not a valid {p.Name}");
        return false;
    }

    private static bool ValueOk(Primitive p, string text)
    {
        if (p.IsChar)
        {
            return text.Length == 1 && text[0] < 256;
        }

        if (p.IsFloat)
        {
            return text is "NaN" || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        }

        return decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d) && d >= p.RangeMin && d <= p.RangeMax;
    }

    /// <summary>The C# constant expression of a value already checked with <see cref="ValueOk"/>.</summary>
    public static string Literal(Primitive p, string text)
    {
        if (p.IsChar)
        {
            return text.Length == 1 ? Num(text[0]) : text;
        }

        if (p.IsFloat)
        {
            if (text == "NaN")
            {
                return p.CsType + ".NaN";
            }

            var d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            return p.Name == "float"
                ? ((float)d).ToString("R", CultureInfo.InvariantCulture) + "f"
                : d.ToString("R", CultureInfo.InvariantCulture) + "d";
        }

        var value = decimal.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (p.Name == "int64" && value == p.RangeMin)
        {
            return "long.MinValue";
        }

        var digits = value.ToString(CultureInfo.InvariantCulture);
        return p.Name switch
        {
            "uint64" => digits + "UL",
            "uint32" => digits + "U",
            "int64" => digits + "L",
            _ => digits,
        };
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int Line(XElement el) => el is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;

    private static string? Attr(XElement el, string name) => el.Attribute(name)?.Value;

    private string RequiredAttr(XElement el, string name, string what)
    {
        var v = Attr(el, name);
        if (v is null || v.Trim().Length == 0)
        {
            Report(SbeDiagnostics.BadAttribute, el, $"{what}: attribute '{name}' is required");
            return "";
        }

        return v.Trim();
    }

    private int IntAttr(XElement el, string name, bool required, int fallback)
    {
        var v = Attr(el, name);
        if (v is null)
        {
            if (required)
            {
                Report(SbeDiagnostics.BadAttribute, el, $"{el.Name.LocalName} '{Attr(el, "name")}': attribute '{name}' is required");
            }

            return fallback;
        }

        return IntAttrOrNull(el, name) ?? fallback;
    }

    private int? IntAttrOrNull(XElement el, string name)
    {
        var v = Attr(el, name);
        if (v is null)
        {
            return null;
        }

        if (int.TryParse(v.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0)
        {
            return i;
        }

        Report(SbeDiagnostics.BadAttribute, el, $"{el.Name.LocalName} '{Attr(el, "name")}': attribute {name}='{v}' must be a non-negative integer");
        return null;
    }

    private void Report(DiagnosticDescriptor descriptor, XElement el, string message)
    {
        var file = el.Document is { } doc && _docs.TryGetValue(doc, out var f) ? f : null;
        var line = Line(el);
        Location location = Location.None;
        if (file is not null && line > 0)
        {
            var info = (IXmlLineInfo)el;
            var pos = new LinePosition(line - 1, Math.Max(info.LinePosition - 1, 0));
            location = Location.Create(file.Path, default, new LinePositionSpan(pos, pos));
        }

        var where = file is null ? "" : $"{System.IO.Path.GetFileName(file.Path)}({Num(line)}): ";
        _diagnostics.Add(Diagnostic.Create(descriptor, location, where + message));
    }
}
