using System.Runtime.CompilerServices;
using System.Text;

namespace TickStream.Sources;

/// <summary>
/// Parses one tick row (comma-separated ASCII/UTF-8 bytes, no quoting) into a <see cref="RawTick"/>, by a
/// <see cref="CsvColumnMap"/>. Allocates nothing for a good row of a known symbol; a new symbol is registered
/// in the <see cref="InstrumentRegistry"/>. Not thread-safe: one parser per source thread.
/// </summary>
public sealed class CsvTickParser
{
    private const long NanosPerSecond = 1_000_000_000;
    private const long MaxWholeUnits = long.MaxValue / NanosPerSecond; // 9_223_372_036

    private readonly CsvColumnMap _map;
    private readonly InstrumentRegistry _registry;
    private readonly InstrumentSpec _spec;
    private readonly int[] _fieldStart;
    private readonly int[] _fieldEnd;

    /// <summary>Creates a parser.</summary>
    /// <param name="map">Where the columns are.</param>
    /// <param name="registry">Resolves symbols to instrument ids; new symbols are added.</param>
    /// <param name="spec">Reference data of symbols seen for the first time; null for the registry's default.</param>
    public CsvTickParser(CsvColumnMap map, InstrumentRegistry registry, InstrumentSpec? spec = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(registry);
        _map = map;
        _registry = registry;
        _spec = spec ?? registry.DefaultSpec;
        if (!_spec.IsValid(out var error))
        {
            throw new ArgumentException(error, nameof(spec));
        }

        _fieldStart = new int[map.ColumnCount];
        _fieldEnd = new int[map.ColumnCount];
    }

    /// <summary>The column map rows are read by.</summary>
    public CsvColumnMap Map => _map;

    /// <summary>
    /// Parses one row into <paramref name="tick"/>, which is cleared first. A trailing "\r" is ignored.
    /// Crossed quotes are valid and get <see cref="RawTickFlags.Crossed"/>.
    /// </summary>
    /// <param name="row">The row's bytes, without the line end.</param>
    /// <param name="tick">Receives the tick.</param>
    /// <param name="reason">Why the row was rejected, or null.</param>
    /// <returns>True when the row is a valid tick.</returns>
    public bool TryParse(ReadOnlySpan<byte> row, ref RawTick tick, out string? reason)
    {
        tick.Clear();
        if (!row.IsEmpty && row[^1] == (byte)'\r')
        {
            row = row[..^1];
        }

        // Split into fields: remember each field's bounds, count them all for the error message.
        var fields = 0;
        var start = 0;
        for (var i = 0; i <= row.Length; i++)
        {
            if (i == row.Length || row[i] == (byte)',')
            {
                if (fields < _fieldStart.Length)
                {
                    _fieldStart[fields] = start;
                    _fieldEnd[fields] = i;
                }

                fields++;
                start = i + 1;
            }
        }

        if (fields < _map.MinColumnCount || fields > _map.ColumnCount)
        {
            reason = _map.MinColumnCount == _map.ColumnCount
                ? $"row has {fields} columns; the header has {_map.ColumnCount}"
                : $"row has {fields} columns; expected {_map.MinColumnCount} to {_map.ColumnCount}";
            return false;
        }

        for (var i = fields; i < _map.ColumnCount; i++)
        {
            _fieldStart[i] = 0;
            _fieldEnd[i] = 0;
        }

        // Type first: it says which other columns matter.
        var type = Field(row, CsvColumn.Type);
        if (type.Length == 1 ? (type[0] | 0x20) == 't' : Ascii.EqualsIgnoreCase(type, "trade"u8))
        {
            tick.Kind = TickKind.Trade;
        }
        else if (type.Length == 1 ? (type[0] | 0x20) == 'q' : Ascii.EqualsIgnoreCase(type, "quote"u8))
        {
            tick.Kind = TickKind.Quote;
        }
        else
        {
            reason = $"type '{Printable(type)}' is not T, trade, Q or quote";
            return false;
        }

        if (!TryParseTimestampNs(Field(row, CsvColumn.Time), out tick.ExchangeTimeNs))
        {
            reason = $"time '{Printable(Field(row, CsvColumn.Time))}' is neither ISO-8601 UTC (2024-03-01T14:30:00.123456789Z) nor integer nanoseconds since 1970";
            return false;
        }

        var symbol = Field(row, CsvColumn.Symbol);
        if (!_registry.TryGetId(symbol, out tick.InstrumentId)
            && !_registry.TryGetOrAdd(symbol, _spec, out tick.InstrumentId, out reason))
        {
            return false;
        }

        if (tick.Kind == TickKind.Trade)
        {
            if (!_map.Has(CsvColumn.Price) || !_map.Has(CsvColumn.Size))
            {
                reason = "trade row, but the header has no 'price' and 'size' columns";
                return false;
            }

            if (!TryParsePriceField(row, CsvColumn.Price, out tick.Price, out reason)
                || !TryParseSizeField(row, CsvColumn.Size, out tick.Size, out reason))
            {
                return false;
            }

            var side = Field(row, CsvColumn.Side);
            if (side.IsEmpty)
            {
                tick.AggressorSide = AggressorSide.Unknown;
            }
            else if (side.Length == 1 ? (side[0] | 0x20) == 'b' : Ascii.EqualsIgnoreCase(side, "buy"u8))
            {
                tick.AggressorSide = AggressorSide.Buy;
            }
            else if (side.Length == 1 ? (side[0] | 0x20) == 's' : Ascii.EqualsIgnoreCase(side, "sell"u8))
            {
                tick.AggressorSide = AggressorSide.Sell;
            }
            else
            {
                reason = $"side '{Printable(side)}' is not B, buy, S, sell or empty";
                return false;
            }

            var tradeId = Field(row, CsvColumn.TradeId);
            if (!tradeId.IsEmpty && !TryParseUInt64(tradeId, out tick.TradeId))
            {
                reason = $"trade_id '{Printable(tradeId)}' is not a non-negative integer";
                return false;
            }

            tick.BidPrice = RawTick.EmptyPrice;
            tick.AskPrice = RawTick.EmptyPrice;
        }
        else
        {
            if (!_map.Has(CsvColumn.Bid) || !_map.Has(CsvColumn.Ask)
                || !_map.Has(CsvColumn.BidSize) || !_map.Has(CsvColumn.AskSize))
            {
                reason = "quote row, but the header has no 'bid', 'bid_size', 'ask' and 'ask_size' columns";
                return false;
            }

            if (!TryParseQuoteSide(row, CsvColumn.Bid, CsvColumn.BidSize, out tick.BidPrice, out tick.BidSize, out reason)
                || !TryParseQuoteSide(row, CsvColumn.Ask, CsvColumn.AskSize, out tick.AskPrice, out tick.AskSize, out reason))
            {
                return false;
            }

            if (tick.BidPrice != RawTick.EmptyPrice && tick.AskPrice != RawTick.EmptyPrice && tick.BidPrice >= tick.AskPrice)
            {
                tick.Flags |= RawTickFlags.Crossed;
            }
        }

        reason = null;
        return true;
    }

    /// <summary>
    /// Parses a decimal price exactly into a mantissa at exponent -9: optional sign, digits, optional point and
    /// up to 9 decimal places (more only if they are zeros). No exponent notation, no thousands separators.
    /// </summary>
    /// <param name="text">The text, without surrounding blanks.</param>
    /// <param name="mantissa">The mantissa (1.5 gives 1_500_000_000).</param>
    /// <returns>False when the text is not such a number or does not fit.</returns>
    public static bool TryParsePrice9(ReadOnlySpan<byte> text, out long mantissa)
    {
        mantissa = 0;
        var i = 0;
        var negative = false;
        if (i < text.Length && (text[i] == (byte)'-' || text[i] == (byte)'+'))
        {
            negative = text[i] == (byte)'-';
            i++;
        }

        long whole = 0;
        var digits = 0;
        for (; i < text.Length && IsDigit(text[i]); i++, digits++)
        {
            whole = (whole * 10) + (text[i] - '0');
            if (whole > MaxWholeUnits)
            {
                return false;
            }
        }

        long fraction = 0;
        var fractionDigits = 0;
        if (i < text.Length && text[i] == (byte)'.')
        {
            for (i++; i < text.Length && IsDigit(text[i]); i++, digits++)
            {
                if (fractionDigits < 9)
                {
                    fraction = (fraction * 10) + (text[i] - '0');
                    fractionDigits++;
                }
                else if (text[i] != (byte)'0')
                {
                    return false; // a tenth decimal place that is not zero cannot be held exactly
                }
            }
        }

        if (i != text.Length || digits == 0)
        {
            return false;
        }

        for (var scale = fractionDigits; scale < 9; scale++)
        {
            fraction *= 10;
        }

        var wholeNanos = whole * NanosPerSecond;
        if (fraction > long.MaxValue - wholeNanos)
        {
            return false;
        }

        mantissa = negative ? -(wholeNanos + fraction) : wholeNanos + fraction;
        return true;
    }

    /// <summary>
    /// Parses a time: integer nanoseconds since the Unix epoch, or ISO-8601 UTC "YYYY-MM-DDTHH:MM:SS" with an
    /// optional fraction of 1 to 9 digits and the zone "Z" or "+00:00" ('T' may be 't' or a space).
    /// </summary>
    /// <param name="text">The text, without surrounding blanks.</param>
    /// <param name="ns">Nanoseconds since 1970-01-01T00:00:00Z.</param>
    /// <returns>False when the text is neither form, names an impossible date, or lies before 1970 or after 2262-04-11.</returns>
    public static bool TryParseTimestampNs(ReadOnlySpan<byte> text, out long ns)
    {
        ns = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        if (text.Length <= 19 && text.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0)
        {
            ulong value = 0;
            foreach (var b in text)
            {
                value = (value * 10) + (ulong)(b - '0');
            }

            if (value > long.MaxValue)
            {
                return false;
            }

            ns = (long)value;
            return true;
        }

        if (text.Length < 20
            || text[4] != (byte)'-' || text[7] != (byte)'-' || text[13] != (byte)':' || text[16] != (byte)':'
            || !(text[10] == (byte)'T' || text[10] == (byte)'t' || text[10] == (byte)' ')
            || !TryDigits(text.Slice(0, 4), out var year) || !TryDigits(text.Slice(5, 2), out var month)
            || !TryDigits(text.Slice(8, 2), out var day) || !TryDigits(text.Slice(11, 2), out var hour)
            || !TryDigits(text.Slice(14, 2), out var minute) || !TryDigits(text.Slice(17, 2), out var second))
        {
            return false;
        }

        var rest = text[19..];
        long fraction = 0;
        if (rest[0] == (byte)'.')
        {
            var fractionDigits = 0;
            rest = rest[1..];
            while (!rest.IsEmpty && IsDigit(rest[0]))
            {
                if (++fractionDigits > 9)
                {
                    return false;
                }

                fraction = (fraction * 10) + (rest[0] - '0');
                rest = rest[1..];
            }

            if (fractionDigits == 0)
            {
                return false;
            }

            for (var scale = fractionDigits; scale < 9; scale++)
            {
                fraction *= 10;
            }
        }

        if (!(rest.Length == 1 && (rest[0] == (byte)'Z' || rest[0] == (byte)'z')) && !rest.SequenceEqual("+00:00"u8))
        {
            return false;
        }

        if (year < 1970 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var seconds = (DaysFromCivil(year, month, day) * 86_400L) + (hour * 3600L) + (minute * 60L) + second;
        if (seconds > MaxWholeUnits || fraction > long.MaxValue - (seconds * NanosPerSecond))
        {
            return false;
        }

        ns = (seconds * NanosPerSecond) + fraction;
        return true;
    }

    /// <summary>Parses a non-negative decimal integer (digits only).</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The value.</param>
    /// <returns>False when the text is empty, has a non-digit or does not fit.</returns>
    public static bool TryParseUInt64(ReadOnlySpan<byte> text, out ulong value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 20)
        {
            return false;
        }

        foreach (var b in text)
        {
            if (!IsDigit(b))
            {
                return false;
            }

            var next = (value * 10) + (ulong)(b - '0');
            if (next / 10 != value)
            {
                return false;
            }

            value = next;
        }

        return true;
    }

    internal static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> field)
    {
        var start = 0;
        var end = field.Length;
        while (start < end && (field[start] == (byte)' ' || field[start] == (byte)'\t'))
        {
            start++;
        }

        while (end > start && (field[end - 1] == (byte)' ' || field[end - 1] == (byte)'\t' || field[end - 1] == (byte)'\r'))
        {
            end--;
        }

        return field[start..end];
    }

    internal static string Printable(ReadOnlySpan<byte> bytes)
    {
        const int MaxShown = 40;
        var shown = bytes.Length > MaxShown ? bytes[..MaxShown] : bytes;
        var builder = new StringBuilder(shown.Length + 3);
        foreach (var b in shown)
        {
            builder.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        }

        return bytes.Length > MaxShown ? builder.Append("...").ToString() : builder.ToString();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Field(ReadOnlySpan<byte> row, CsvColumn column)
    {
        var index = _map.IndexOf(column);
        return index < 0 ? default : Trim(row[_fieldStart[index].._fieldEnd[index]]);
    }

    private bool TryParsePriceField(ReadOnlySpan<byte> row, CsvColumn column, out long price, out string? reason)
    {
        var text = Field(row, column);
        if (!TryParsePrice9(text, out price))
        {
            reason = $"{CsvColumnMap.NameOf(column)} '{Printable(text)}' is not a decimal number with at most 9 decimal places in range";
            return false;
        }

        reason = null;
        return true;
    }

    private bool TryParseSizeField(ReadOnlySpan<byte> row, CsvColumn column, out long size, out string? reason)
    {
        var text = Field(row, column);
        if (!TryParseUInt64(text, out var value) || value > long.MaxValue)
        {
            size = 0;
            reason = $"{CsvColumnMap.NameOf(column)} '{Printable(text)}' is not a non-negative integer";
            return false;
        }

        size = (long)value;
        reason = null;
        return true;
    }

    private bool TryParseQuoteSide(
        ReadOnlySpan<byte> row, CsvColumn priceColumn, CsvColumn sizeColumn, out long price, out long size, out string? reason)
    {
        if (Field(row, priceColumn).IsEmpty)
        {
            price = RawTick.EmptyPrice;
            size = 0;
            var sizeText = Field(row, sizeColumn);
            if (!sizeText.IsEmpty && !(TryParseUInt64(sizeText, out var ignored) && ignored == 0))
            {
                reason = $"{CsvColumnMap.NameOf(sizeColumn)} '{Printable(sizeText)}' is given but {CsvColumnMap.NameOf(priceColumn)} is empty";
                return false;
            }

            reason = null;
            return true;
        }

        size = 0;
        return TryParsePriceField(row, priceColumn, out price, out reason)
            && TryParseSizeField(row, sizeColumn, out size, out reason);
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            if (!IsDigit(b))
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }

    // Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
    private static long DaysFromCivil(int year, int month, int day)
    {
        var y = month <= 2 ? year - 1 : year;
        var era = y / 400;
        var yearOfEra = y - (era * 400);
        var dayOfYear = ((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5 + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146_097L) + dayOfEra - 719_468;
    }
}
