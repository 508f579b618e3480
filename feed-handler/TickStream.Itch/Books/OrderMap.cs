using System.Numerics;
using System.Runtime.CompilerServices;

namespace TickStream.Itch.Books;

/// <summary>
/// Open-addressing hash table of resting orders keyed by the 64-bit order reference number. Linear probing over one
/// preallocated array of inline slots; deletion shifts later entries back instead of leaving tombstones, so probe
/// chains stay short through a day of adds and deletes. It doubles only when the load passes 70%, which a
/// capacity sized for the day's peak never reaches.
/// </summary>
internal sealed class OrderMap
{
    private OrderSlot[] _slots;
    private int _mask;
    private int _shift;
    private int _growAt;

    public OrderMap(int capacity)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity));
        _slots = new OrderSlot[size];
        Configure(size);
    }

    public int Count { get; private set; }

    public int Capacity => _slots.Length;

    /// <summary>The slot index of <paramref name="reference"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ulong reference)
    {
        var slots = _slots;
        var index = Home(reference);
        while (true)
        {
            ref var slot = ref slots[index];
            if (!slot.Used)
            {
                return -1;
            }

            if (slot.Reference == reference)
            {
                return index;
            }

            index = (index + 1) & _mask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref OrderSlot At(int index) => ref _slots[index];

    /// <summary>Adds an order; false when the reference is already present.</summary>
    public bool TryAdd(ulong reference, ushort locate, ItchSide side, uint shares, uint price)
    {
        if (Count >= _growAt)
        {
            Grow();
        }

        var slots = _slots;
        var index = Home(reference);
        while (true)
        {
            ref var slot = ref slots[index];
            if (!slot.Used)
            {
                slot.Reference = reference;
                slot.Locate = locate;
                slot.Side = side;
                slot.Shares = shares;
                slot.Price = price;
                slot.Used = true;
                Count++;
                return true;
            }

            if (slot.Reference == reference)
            {
                return false;
            }

            index = (index + 1) & _mask;
        }
    }

    /// <summary>Removes the entry at <paramref name="index"/> (from <see cref="Find"/>).</summary>
    public void RemoveAt(int index)
    {
        var slots = _slots;
        var mask = _mask;
        var hole = index;
        var next = index;
        while (true)
        {
            next = (next + 1) & mask;
            ref var candidate = ref slots[next];
            if (!candidate.Used)
            {
                break;
            }

            // Move the candidate into the hole unless its home lies cyclically in (hole, next].
            var home = Home(candidate.Reference);
            var stays = hole <= next
                ? home > hole && home <= next
                : home > hole || home <= next;
            if (!stays)
            {
                slots[hole] = candidate;
                hole = next;
            }
        }

        slots[hole] = default;
        Count--;
    }

    public void Clear()
    {
        Array.Clear(_slots);
        Count = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(ulong reference) => (int)((reference * 0x9E3779B97F4A7C15UL) >> _shift);

    private void Configure(int size)
    {
        _mask = size - 1;
        _shift = 64 - BitOperations.Log2((uint)size);
        _growAt = (int)(size * 0.7);
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new OrderSlot[old.Length * 2];
        Configure(_slots.Length);
        Count = 0;
        foreach (ref readonly var slot in old.AsSpan())
        {
            if (slot.Used)
            {
                TryAdd(slot.Reference, slot.Locate, slot.Side, slot.Shares, slot.Price);
            }
        }
    }
}
