using System.Runtime.InteropServices;

namespace TickStream.Itch.Books;

/// <summary>One resting order in the <see cref="OrderMap"/>: 24 bytes, stored inline in the table.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct OrderSlot
{
    public ulong Reference;
    public uint Shares;
    public uint Price;
    public ushort Locate;
    public ItchSide Side;
    public bool Used;
}
