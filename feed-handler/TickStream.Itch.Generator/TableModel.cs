using System.Collections.Generic;

namespace TickStream.Itch.Generator;

/// <summary>One field of a message: where it is, how it is read, what it means.</summary>
internal sealed class FieldRow(string name, int offset, int length, FieldKind kind, string doc)
{
    public string Name => name;

    public int Offset => offset;

    public int Length => length;

    public FieldKind Kind => kind;

    public string Doc => doc;
}

/// <summary>One message type: its type byte, name, fixed length and the fields after the common header.</summary>
internal sealed class MessageRow(char type, string name, int length, string doc)
{
    public char Type => type;

    public string Name => name;

    public int Length => length;

    public string Doc => doc;

    public List<FieldRow> Fields { get; } = new List<FieldRow>();

    public string ViewName => name + "Message";
}

/// <summary>The whole table: the header every message carries, then the messages in table order.</summary>
internal sealed class MessageTable
{
    public List<FieldRow> Header { get; } = new List<FieldRow>();

    public List<MessageRow> Messages { get; } = new List<MessageRow>();
}
