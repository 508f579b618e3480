using System.Collections.Generic;

namespace TickStream.Sbe.Generator;

/// <summary>One of the SBE 1.0 primitive types, with its C# spelling and the spec's default null, min and max.</summary>
internal sealed class Primitive
{
    private static readonly Dictionary<string, Primitive> ByName = new()
    {
        ["char"] = new Primitive("char", "byte", 1, "Byte", false, false, "\0", " ", "~"),
        ["int8"] = new Primitive("int8", "sbyte", 1, "SByte", true, false, "-128", "-127", "127"),
        ["uint8"] = new Primitive("uint8", "byte", 1, "Byte", false, false, "255", "0", "254"),
        ["int16"] = new Primitive("int16", "short", 2, "Int16", true, false, "-32768", "-32767", "32767"),
        ["uint16"] = new Primitive("uint16", "ushort", 2, "UInt16", false, false, "65535", "0", "65534"),
        ["int32"] = new Primitive("int32", "int", 4, "Int32", true, false, "-2147483648", "-2147483647", "2147483647"),
        ["uint32"] = new Primitive("uint32", "uint", 4, "UInt32", false, false, "4294967295", "0", "4294967294"),
        ["int64"] = new Primitive("int64", "long", 8, "Int64", true, false, "-9223372036854775808", "-9223372036854775807", "9223372036854775807"),
        ["uint64"] = new Primitive("uint64", "ulong", 8, "UInt64", false, false, "18446744073709551615", "0", "18446744073709551614"),
        ["float"] = new Primitive("float", "float", 4, "Single", true, true, "NaN", "-3.4028235E+38", "3.4028235E+38"),
        ["double"] = new Primitive("double", "double", 8, "Double", true, true, "NaN", "-1.7976931348623157E+308", "1.7976931348623157E+308"),
    };

    private Primitive(string name, string csType, int size, string suffix, bool signed, bool isFloat, string nullValue, string minValue, string maxValue)
    {
        Name = name;
        CsType = csType;
        Size = size;
        Suffix = suffix;
        IsSigned = signed;
        IsFloat = isFloat;
        DefaultNull = nullValue;
        DefaultMin = minValue;
        DefaultMax = maxValue;
    }

    public string Name { get; }

    public string CsType { get; }

    public int Size { get; }

    /// <summary>The name part of the generated SbeBuffer read and write methods.</summary>
    public string Suffix { get; }

    public bool IsSigned { get; }

    public bool IsFloat { get; }

    public bool IsChar => Name == "char";

    public bool IsInteger => !IsFloat && !IsChar;

    public string DefaultNull { get; }

    public string DefaultMin { get; }

    public string DefaultMax { get; }

    /// <summary>Integer range of the type (char covers a byte).</summary>
    public decimal RangeMin => IsSigned ? -(decimal)System.Math.Pow(2, (Size * 8) - 1) : 0m;

    public decimal RangeMax => IsSigned
        ? (decimal)System.Math.Pow(2, (Size * 8) - 1) - 1
        : Size == 8 ? 18446744073709551615m : (decimal)System.Math.Pow(2, Size * 8) - 1;

    public static Primitive? Find(string name) => ByName.TryGetValue(name, out var p) ? p : null;

    public static IEnumerable<Primitive> All => ByName.Values;
}
