using System.Collections.Generic;
using System.Xml.Linq;

namespace TickStream.Sbe.Generator;

internal enum Presence
{
    Required,
    Optional,
    Constant,
}

/// <summary>A named type of the schema: encoded type, composite, enum or set.</summary>
internal abstract class SbeType
{
    protected SbeType(string name, XElement element)
    {
        Name = name;
        Element = element;
    }

    public string Name { get; }

    public XElement Element { get; }

    public string? Description { get; set; }

    public int SinceVersion { get; set; }

    /// <summary>Explicit offset when the type is a member of a composite.</summary>
    public int? Offset { get; set; }

    public abstract int Size { get; }
}

internal sealed class EncodedType : SbeType
{
    public EncodedType(string name, XElement element, Primitive primitive)
        : base(name, element)
    {
        Primitive = primitive;
    }

    public Primitive Primitive { get; }

    public int Length { get; set; } = 1;

    public Presence Presence { get; set; }

    public string? NullValue { get; set; }

    public string? MinValue { get; set; }

    public string? MaxValue { get; set; }

    public string? ConstValue { get; set; }

    public string? CharacterEncoding { get; set; }

    public string? ValueRef { get; set; }

    public override int Size => Presence == Presence.Constant ? 0 : Primitive.Size * Length;
}

internal sealed class EnumValue
{
    public EnumValue(string name, string literal, string? description)
    {
        Name = name;
        Literal = literal;
        Description = description;
    }

    public string Name { get; }

    /// <summary>The C# constant expression of the value (a number).</summary>
    public string Literal { get; }

    public string? Description { get; }
}

internal sealed class EnumType : SbeType
{
    public EnumType(string name, XElement element, Primitive encoding, string nullLiteral)
        : base(name, element)
    {
        Encoding = encoding;
        NullLiteral = nullLiteral;
    }

    public Primitive Encoding { get; }

    public string NullLiteral { get; }

    public List<EnumValue> Values { get; } = new();

    public override int Size => Encoding.Size;
}

internal sealed class SetType : SbeType
{
    public SetType(string name, XElement element, Primitive encoding)
        : base(name, element)
    {
        Encoding = encoding;
    }

    public Primitive Encoding { get; }

    /// <summary>Choice name, bit index, description.</summary>
    public List<(string Name, int Bit, string? Description)> Choices { get; } = new();

    public override int Size => Encoding.Size;
}

internal sealed class CompositeType : SbeType
{
    private int _size;

    public CompositeType(string name, XElement element)
        : base(name, element)
    {
    }

    public List<Slot> Members { get; } = new();

    public bool LaidOut { get; set; }

    public void SetSize(int size) => _size = size;

    public override int Size => _size;

    public Slot? Member(string name)
    {
        foreach (var m in Members)
        {
            if (m.Name == name)
            {
                return m;
            }
        }

        return null;
    }
}

/// <summary>A field of a message or group, or a member of a composite: a type at an offset.</summary>
internal sealed class Slot
{
    public Slot(string name, SbeType type, XElement element)
    {
        Name = name;
        Type = type;
        Element = element;
    }

    public string Name { get; }

    public SbeType Type { get; }

    public XElement Element { get; }

    public int Id { get; set; }

    public int Offset { get; set; }

    public int SinceVersion { get; set; }

    public string? Description { get; set; }

    /// <summary>Presence as used (the field's own presence overrides the type's).</summary>
    public Presence Presence { get; set; }

    /// <summary>C# constant expression when Presence is Constant (null for constant char arrays).</summary>
    public string? ConstExpression { get; set; }

    /// <summary>The constant text of a constant char array.</summary>
    public string? ConstText { get; set; }

    /// <summary>The C# type of a constant (enum name or primitive).</summary>
    public string? ConstCsType { get; set; }

    public int Size => Presence == Presence.Constant ? 0 : Type.Size;
}

internal sealed class DataField
{
    public DataField(string name, int id, CompositeType encoding, XElement element)
    {
        Name = name;
        Id = id;
        Encoding = encoding;
        Element = element;
    }

    public string Name { get; }

    public int Id { get; }

    public CompositeType Encoding { get; }

    public XElement Element { get; }

    public int SinceVersion { get; set; }

    public string? Description { get; set; }

    public Slot LengthMember { get; set; } = null!;

    public Slot DataMember { get; set; } = null!;

    public decimal MaxLength { get; set; }
}

/// <summary>The body of a message or of a repeating group.</summary>
internal class Block
{
    public Block(string name, int id, XElement element)
    {
        Name = name;
        Id = id;
        Element = element;
    }

    public string Name { get; }

    public int Id { get; }

    public XElement Element { get; }

    public string? Description { get; set; }

    public int SinceVersion { get; set; }

    public int BlockLength { get; set; }

    public List<Slot> Fields { get; } = new();

    public List<GroupBlock> Groups { get; } = new();

    public List<DataField> Data { get; } = new();
}

internal sealed class GroupBlock : Block
{
    public GroupBlock(string name, int id, XElement element, CompositeType dimension)
        : base(name, id, element)
    {
        Dimension = dimension;
    }

    public CompositeType Dimension { get; }

    public Slot BlockLengthMember { get; set; } = null!;

    public Slot NumInGroupMember { get; set; } = null!;
}

internal sealed class Schema
{
    public Schema(string path, string ns)
    {
        Path = path;
        Namespace = ns;
    }

    public string Path { get; }

    public string Namespace { get; }

    public string Package { get; set; } = "";

    public int Id { get; set; }

    public int Version { get; set; }

    public bool BigEndian { get; set; }

    public string? Description { get; set; }

    public CompositeType Header { get; set; } = null!;

    public Dictionary<string, SbeType> Types { get; } = new();

    public List<Block> Messages { get; } = new();
}
