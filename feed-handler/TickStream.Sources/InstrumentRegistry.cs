using System.Buffers.Binary;
using System.Text;

namespace TickStream.Sources;

/// <summary>
/// Maps instrument symbols (ASCII bytes) to dense ids from 0 and back, and keeps each instrument's reference data.
/// Thread-safe: lookups never lock or allocate; additions take a lock and allocate only for the new instrument.
/// </summary>
/// <remarks>
/// The symbol index is an open-addressing table keyed by the symbol packed into two ulongs (16 bytes, NUL
/// padded). A writer fills a slot's key before it publishes the slot's id with a release store, and replaces the
/// whole table when it grows, so a reader that sees an id also sees its key.
/// </remarks>
public sealed class InstrumentRegistry
{
    /// <summary>The longest symbol, in bytes.</summary>
    public const int MaxSymbolLength = 16;

    private const int InitialCapacity = 64;

    private readonly Lock _writeLock = new();
    private readonly InstrumentSpec _defaultSpec;
    private Table _table = new(InitialCapacity);
    private Instrument[] _instruments = new Instrument[InitialCapacity];
    private int _count;

    /// <summary>Creates a registry whose instruments get <see cref="InstrumentSpec.Default"/> unless told otherwise.</summary>
    public InstrumentRegistry()
        : this(InstrumentSpec.Default)
    {
    }

    /// <summary>Creates a registry.</summary>
    /// <param name="defaultSpec">The reference data of instruments added without a spec.</param>
    /// <exception cref="ArgumentException">The spec is invalid.</exception>
    public InstrumentRegistry(InstrumentSpec defaultSpec)
    {
        if (!defaultSpec.IsValid(out var error))
        {
            throw new ArgumentException(error, nameof(defaultSpec));
        }

        _defaultSpec = defaultSpec;
    }

    /// <summary>
    /// Raised once for every new instrument, after it can be looked up, on the thread that added it and while
    /// the registry's write lock is held, so handlers see instruments in id order. Handlers must be quick and
    /// must not add instruments from another thread and wait for it.
    /// </summary>
    public event Action<Instrument>? InstrumentAdded;

    /// <summary>How many instruments are registered; ids are 0 to Count - 1.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The reference data given to instruments added without a spec.</summary>
    public InstrumentSpec DefaultSpec => _defaultSpec;

    /// <summary>Finds the id of a symbol without allocating.</summary>
    /// <param name="symbol">The symbol's ASCII bytes.</param>
    /// <param name="id">The id, or -1.</param>
    /// <returns>True when the symbol is registered.</returns>
    public bool TryGetId(ReadOnlySpan<byte> symbol, out int id)
    {
        if (!TryPack(symbol, out var lo, out var hi))
        {
            id = -1;
            return false;
        }

        return Volatile.Read(ref _table).TryFind(lo, hi, out id);
    }

    /// <summary>Finds the id of a symbol.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="id">The id, or -1.</param>
    /// <returns>True when the symbol is registered.</returns>
    public bool TryGetId(string symbol, out int id)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        Span<byte> bytes = stackalloc byte[MaxSymbolLength];
        if (symbol.Length is 0 or > MaxSymbolLength || Encoding.ASCII.GetBytes(symbol, bytes) != symbol.Length)
        {
            id = -1;
            return false;
        }

        return TryGetId(bytes[..symbol.Length], out id);
    }

    /// <summary>Returns the id of a symbol, registering it with the default spec if it is new.</summary>
    /// <param name="symbol">The symbol's ASCII bytes.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentException">The symbol is invalid (see <see cref="ValidateSymbol"/>).</exception>
    public int GetOrAdd(ReadOnlySpan<byte> symbol) => GetOrAdd(symbol, _defaultSpec);

    /// <summary>Returns the id of a symbol, registering it with <paramref name="spec"/> if it is new.</summary>
    /// <param name="symbol">The symbol's ASCII bytes.</param>
    /// <param name="spec">The reference data of a new instrument; ignored when the symbol is already registered.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentException">The symbol or the spec is invalid.</exception>
    public int GetOrAdd(ReadOnlySpan<byte> symbol, InstrumentSpec spec)
    {
        if (!TryGetOrAdd(symbol, spec, out var id, out var error))
        {
            throw new ArgumentException(error, nameof(symbol));
        }

        return id;
    }

    /// <summary>Returns the id of a symbol, registering it with <paramref name="spec"/> if it is new.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="spec">The reference data of a new instrument; ignored when the symbol is already registered.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentException">The symbol or the spec is invalid.</exception>
    public int GetOrAdd(string symbol, InstrumentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        if (symbol.Length > MaxSymbolLength * 4)
        {
            throw new ArgumentException($"symbol '{symbol[..16]}...' is longer than {MaxSymbolLength} characters", nameof(symbol));
        }

        Span<byte> bytes = stackalloc byte[symbol.Length * 4];
        var length = Encoding.UTF8.GetBytes(symbol, bytes);
        return GetOrAdd(bytes[..length], spec);
    }

    /// <summary>
    /// Returns the id of a symbol, registering it with the default spec if it is new; reports an invalid symbol
    /// instead of throwing. Allocates only when the symbol is new or invalid.
    /// </summary>
    /// <param name="symbol">The symbol's ASCII bytes.</param>
    /// <param name="id">The id, or -1.</param>
    /// <param name="error">Why the symbol is invalid, or null.</param>
    /// <returns>True when <paramref name="id"/> is set.</returns>
    public bool TryGetOrAdd(ReadOnlySpan<byte> symbol, out int id, out string? error) =>
        TryGetOrAdd(symbol, _defaultSpec, out id, out error);

    /// <summary>
    /// Returns the id of a symbol, registering it with <paramref name="spec"/> if it is new; reports an invalid
    /// symbol or spec instead of throwing. Allocates only when the symbol is new or invalid.
    /// </summary>
    /// <param name="symbol">The symbol's ASCII bytes.</param>
    /// <param name="spec">The reference data of a new instrument; ignored when the symbol is already registered.</param>
    /// <param name="id">The id, or -1.</param>
    /// <param name="error">Why the symbol or spec is invalid, or null.</param>
    /// <returns>True when <paramref name="id"/> is set.</returns>
    public bool TryGetOrAdd(ReadOnlySpan<byte> symbol, InstrumentSpec spec, out int id, out string? error)
    {
        if (!ValidateSymbol(symbol, out error))
        {
            id = -1;
            return false;
        }

        TryPack(symbol, out var lo, out var hi);
        if (Volatile.Read(ref _table).TryFind(lo, hi, out id))
        {
            return true;
        }

        if (!spec.IsValid(out error))
        {
            id = -1;
            return false;
        }

        lock (_writeLock)
        {
            var table = _table;
            if (table.TryFind(lo, hi, out id))
            {
                return true;
            }

            id = _count;
            var symbolBytes = symbol.ToArray();
            var description = spec.Description.Length == 0 ? Encoding.ASCII.GetString(symbolBytes) : spec.Description;
            var instrument = new Instrument(id, Encoding.ASCII.GetString(symbolBytes), symbolBytes, spec with { Description = description });

            var instruments = _instruments;
            if (id == instruments.Length)
            {
                Array.Resize(ref instruments, instruments.Length * 2);
            }

            instruments[id] = instrument;
            Volatile.Write(ref _instruments, instruments);

            // Keep the table at most half full so probes stay short.
            if ((id + 1) * 2 > table.Capacity)
            {
                var grown = new Table(table.Capacity * 2);
                for (var i = 0; i < id; i++)
                {
                    TryPack(instruments[i].SymbolBytes, out var l, out var h);
                    grown.Insert(l, h, i);
                }

                grown.Insert(lo, hi, id);
                Volatile.Write(ref _table, grown);
            }
            else
            {
                table.Insert(lo, hi, id);
            }

            Volatile.Write(ref _count, id + 1);
            InstrumentAdded?.Invoke(instrument);
            return true;
        }
    }

    /// <summary>The symbol of an id, as ASCII bytes.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The symbol's bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The id is not registered.</exception>
    public ReadOnlySpan<byte> GetSymbol(int id) => Get(id).SymbolBytes;

    /// <summary>The instrument of an id.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The instrument.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The id is not registered.</exception>
    public Instrument Get(int id)
    {
        // Count first: the array it was published with is at least as new.
        var count = Volatile.Read(ref _count);
        if ((uint)id >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"no instrument has id {id}; there are {count}");
        }

        return Volatile.Read(ref _instruments)[id];
    }

    /// <summary>All instruments registered so far, in id order (a copy).</summary>
    /// <returns>The instruments.</returns>
    public Instrument[] Snapshot()
    {
        var count = Volatile.Read(ref _count);
        return Volatile.Read(ref _instruments)[..count];
    }

    /// <summary>Checks a symbol: 1 to 16 bytes of A-Z, 0-9, '.', '/', '_', '-'.</summary>
    /// <param name="symbol">The symbol's bytes.</param>
    /// <param name="error">Why it is invalid, or null.</param>
    /// <returns>True when the symbol is valid.</returns>
    public static bool ValidateSymbol(ReadOnlySpan<byte> symbol, out string? error)
    {
        if (symbol.IsEmpty)
        {
            error = "symbol is empty";
            return false;
        }

        if (symbol.Length > MaxSymbolLength)
        {
            error = $"symbol '{Printable(symbol)}' is {symbol.Length} characters long; at most {MaxSymbolLength} are allowed";
            return false;
        }

        for (var i = 0; i < symbol.Length; i++)
        {
            if (!IsSymbolByte(symbol[i]))
            {
                error = $"symbol '{Printable(symbol)}' has a bad character at position {i + 1}: only A-Z, 0-9, '.', '/', '_', '-' are allowed";
                return false;
            }
        }

        error = null;
        return true;
    }

    private static bool IsSymbolByte(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'.' or (byte)'/' or (byte)'_' or (byte)'-';

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var shown = bytes.Length > 40 ? bytes[..40] : bytes;
        var chars = new char[shown.Length];
        for (var i = 0; i < shown.Length; i++)
        {
            chars[i] = shown[i] is >= 0x20 and < 0x7F ? (char)shown[i] : '?';
        }

        return bytes.Length > 40 ? new string(chars) + "..." : new string(chars);
    }

    // Packs a valid symbol into two ulongs; an invalid one (which can never be registered) fails, so NUL bytes
    // cannot alias a shorter symbol.
    private static bool TryPack(ReadOnlySpan<byte> symbol, out ulong lo, out ulong hi)
    {
        lo = 0;
        hi = 0;
        if (symbol.Length is 0 or > MaxSymbolLength)
        {
            return false;
        }

        for (var i = 0; i < symbol.Length; i++)
        {
            if (!IsSymbolByte(symbol[i]))
            {
                return false;
            }
        }

        Span<byte> packed = stackalloc byte[MaxSymbolLength];
        packed.Clear();
        symbol.CopyTo(packed);
        lo = BinaryPrimitives.ReadUInt64LittleEndian(packed);
        hi = BinaryPrimitives.ReadUInt64LittleEndian(packed[8..]);
        return true;
    }

    private sealed class Table
    {
        private readonly ulong[] _keys;
        private readonly int[] _idPlusOne;
        private readonly int _mask;

        public Table(int capacity)
        {
            _keys = new ulong[capacity * 2];
            _idPlusOne = new int[capacity];
            _mask = capacity - 1;
        }

        public int Capacity => _idPlusOne.Length;

        public bool TryFind(ulong lo, ulong hi, out int id)
        {
            var slot = Slot(lo, hi);
            while (true)
            {
                var value = Volatile.Read(ref _idPlusOne[slot]);
                if (value == 0)
                {
                    id = -1;
                    return false;
                }

                if (_keys[slot * 2] == lo && _keys[(slot * 2) + 1] == hi)
                {
                    id = value - 1;
                    return true;
                }

                slot = (slot + 1) & _mask;
            }
        }

        public void Insert(ulong lo, ulong hi, int id)
        {
            var slot = Slot(lo, hi);
            while (_idPlusOne[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _keys[slot * 2] = lo;
            _keys[(slot * 2) + 1] = hi;
            Volatile.Write(ref _idPlusOne[slot], id + 1);
        }

        private int Slot(ulong lo, ulong hi)
        {
            var h = (lo * 0x9E3779B97F4A7C15UL) ^ (hi * 0xC2B2AE3D27D4EB4FUL);
            h ^= h >> 31;
            return (int)(h & (ulong)_mask);
        }
    }
}
