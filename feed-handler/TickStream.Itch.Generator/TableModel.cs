using System.Collections.Generic;

namespace TickStream.Itch.Generator;

/// <summary>One field of a message: where it is, how it is read, what it means.</summary>
internal sealed class FieldRow
{
    public FieldRow(string name, int offset, int length, FieldKind kind, string doc)
    {
        Name = name;
        Offset = offset;
        Length = length;
        Kind = kind;
        Doc = doc;
    }

    public string Name { get; }

    public int Offset { get; }

    public int Length { get; }

    public FieldKind Kind { get; }

    public string Doc { get; }
}

/// <summary>One message type: its type byte, name, fixed length and the fields after the common header.</summary>
internal sealed class MessageRow
{
    public MessageRow(char type, string name, int length, string doc)
    {
        Type = type;
        Name = name;
        Length = length;
        Doc = doc;
    }

    public char Type { get; }

    public string Name { get; }

    public int Length { get; }

    public string Doc { get; }

    public List<FieldRow> Fields { get; } = new List<FieldRow>();

    public string ViewName => Name + "Message";
}

/// <summary>The whole table: the header every message carries, then the messages in table order.</summary>
internal sealed class MessageTable
{
    public List<FieldRow> Header { get; } = new List<FieldRow>();

    public List<MessageRow> Messages { get; } = new List<MessageRow>();
}
