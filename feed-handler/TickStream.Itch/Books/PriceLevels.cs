using System.Runtime.CompilerServices;

namespace TickStream.Itch.Books;

/// <summary>
/// The aggregated price levels of one side of a book. Levels are kept in one array of inline entries (key, shares,
/// order count: one cache line holds four) sorted so that the best level is the last element: the best price is O(1), and the common case of activity near the top moves only the few levels
/// above the insertion point. Prices are stored as sort keys (the price for bids, its complement for offers) so
/// both sides sort ascending.
/// </summary>
public sealed class PriceLevels
{
    private readonly bool _isBid;
    private Level[] _levels;

    internal PriceLevels(ItchSide side, int initialCapacity)
    {
        Side = side;
        _isBid = side == ItchSide.Buy;
        var capacity = Math.Max(4, initialCapacity);
        _levels = new Level[capacity];
    }

    /// <summary>The side these levels belong to.</summary>
    public ItchSide Side { get; }

    /// <summary>Number of price levels.</summary>
    public int Count { get; private set; }

    /// <summary>Best price as Price(4), or 0 when the side is empty.</summary>
    public uint BestPrice => Count == 0 ? 0 : ToPrice(_levels[Count - 1].Key);

    /// <summary>Shares at the best price, or 0 when the side is empty.</summary>
    public long BestSize => Count == 0 ? 0 : _levels[Count - 1].Size;

    /// <summary>Price of a level as Price(4).</summary>
    /// <param name="level">1-based level, 1 being the best.</param>
    /// <returns>The price.</returns>
    public uint PriceAt(int level) => ToPrice(_levels[IndexOf(level)].Key);

    /// <summary>Aggregated shares of a level.</summary>
    /// <param name="level">1-based level, 1 being the best.</param>
    /// <returns>The shares.</returns>
    public long SizeAt(int level) => _levels[IndexOf(level)].Size;

    /// <summary>Number of orders resting at a level.</summary>
    /// <param name="level">1-based level, 1 being the best.</param>
    /// <returns>The order count.</returns>
    public int OrderCountAt(int level) => _levels[IndexOf(level)].Orders;

    /// <summary>Adds shares at a price; returns the level's array index and whether the level is new.</summary>
    internal int Add(uint price, uint shares, out bool created)
    {
        var key = ToKey(price);
        var index = Search(key);
        if (index >= 0)
        {
            ref var existing = ref _levels[index];
            existing.Size += shares;
            existing.Orders++;
            created = false;
            return index;
        }

        index = ~index;
        if (Count == _levels.Length)
        {
            Array.Resize(ref _levels, _levels.Length * 2);
        }

        var tail = Count - index;
        if (tail > 0)
        {
            Array.Copy(_levels, index, _levels, index + 1, tail);
        }

        _levels[index] = new Level { Key = key, Orders = 1, Size = shares };
        Count++;
        created = true;
        return index;
    }

    /// <summary>
    /// Removes shares at a price (and one order when <paramref name="removesOrder"/>); deletes the level when it has
    /// no orders left. Returns the array index the level had, or -1 when no level holds that price.
    /// </summary>
    internal int Reduce(uint price, uint shares, bool removesOrder, out bool deleted)
    {
        var index = Search(ToKey(price));
        if (index < 0)
        {
            deleted = false;
            return -1;
        }

        ref var level = ref _levels[index];
        level.Size -= shares;
        if (removesOrder)
        {
            level.Orders--;
        }

        if (level.Orders > 0)
        {
            deleted = false;
            return index;
        }

        var tail = Count - index - 1;
        if (tail > 0)
        {
            Array.Copy(_levels, index + 1, _levels, index, tail);
        }

        Count--;
        deleted = true;
        return index;
    }

    /// <summary>The 1-based level of an array index (with the current count).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int LevelOf(int index) => Count - index;

    /// <summary>Price and size at an array index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal uint PriceAtIndex(int index) => ToPrice(_levels[index].Key);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal long SizeAtIndex(int index) => _levels[index].Size;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int OrderCountAtIndex(int index) => _levels[index].Orders;

    internal void Clear() => Count = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint ToKey(uint price) => _isBid ? price : ~price;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint ToPrice(uint key) => _isBid ? key : ~key;

    private int IndexOf(int level)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, Count);
        return Count - level;
    }

    /// <summary>Binary search; the complement of the insertion point when absent.</summary>
    private int Search(uint key)
    {
        // Most updates hit the best level: check it before searching.
        var levels = _levels;
        var last = Count - 1;
        if (last >= 0 && levels[last].Key == key)
        {
            return last;
        }

        var low = 0;
        var high = last;
        while (low <= high)
        {
            var mid = (int)((uint)(low + high) >> 1);
            var midKey = levels[mid].Key;
            if (midKey == key)
            {
                return mid;
            }

            if (midKey < key)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return ~low;
    }

    private struct Level
    {
        public uint Key;
        public int Orders;
        public long Size;
    }
}
