using System.Text;

namespace TickStream.Sources;

/// <summary>
/// Where each known column sits in a tick row: read from a header row (names in any order and case, unknown
/// names ignored) or the fixed order of PULL messages.
/// </summary>
public sealed class CsvColumnMap
{
    /// <summary>How many kinds of column there are (the values of <see cref="CsvColumn"/>).</summary>
    public const int KnownColumnCount = 11;

    private static readonly string[] HeaderNames =
        ["time", "symbol", "type", "price", "size", "side", "bid", "bid_size", "ask", "ask_size", "trade_id"];

    private readonly int[] _indexes;

    private CsvColumnMap(int[] indexes, int minColumnCount, int columnCount)
    {
        _indexes = indexes;
        MinColumnCount = minColumnCount;
        ColumnCount = columnCount;
    }

    /// <summary>
    /// The fixed column order of PULL messages, without a header:
    /// time,symbol,type,price,size,side,bid,bid_size,ask,ask_size[,trade_id] (10 columns, or 11 with a trade id).
    /// </summary>
    public static CsvColumnMap PullOrder { get; } = new([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 10, 11);

    /// <summary>The most columns a row may have.</summary>
    public int ColumnCount { get; }

    /// <summary>The fewest columns a row may have; missing trailing columns read as empty.</summary>
    public int MinColumnCount { get; }

    /// <summary>The header name of a column, e.g. "bid_size".</summary>
    /// <param name="column">The column.</param>
    /// <returns>The name.</returns>
    public static string NameOf(CsvColumn column) => HeaderNames[(int)column];

    /// <summary>The 0-based position of a column in a row, or -1 when the row does not have it.</summary>
    /// <param name="column">The column.</param>
    /// <returns>The position or -1.</returns>
    public int IndexOf(CsvColumn column) => _indexes[(int)column];

    /// <summary>True when rows have the column.</summary>
    /// <param name="column">The column.</param>
    /// <returns>Whether the column is present.</returns>
    public bool Has(CsvColumn column) => _indexes[(int)column] >= 0;

    /// <summary>
    /// Reads a header row. It must name time, symbol and type, and either price and size (trades) or bid,
    /// bid_size, ask and ask_size (quotes), or both; a name may appear only once.
    /// </summary>
    /// <param name="header">The header row's bytes, without the line end.</param>
    /// <param name="map">The map, or null.</param>
    /// <param name="error">Why the header is unusable, or null.</param>
    /// <returns>True when <paramref name="map"/> is set.</returns>
    public static bool TryParseHeader(ReadOnlySpan<byte> header, out CsvColumnMap? map, out string? error)
    {
        map = null;
        var indexes = new int[KnownColumnCount];
        Array.Fill(indexes, -1);
        var column = 0;
        var rest = header;
        while (true)
        {
            var comma = rest.IndexOf((byte)',');
            var name = CsvTickParser.Trim(comma < 0 ? rest : rest[..comma]);
            for (var known = 0; known < KnownColumnCount; known++)
            {
                if (Ascii.EqualsIgnoreCase(name, Encoding.ASCII.GetBytes(HeaderNames[known])))
                {
                    if (indexes[known] >= 0)
                    {
                        error = $"header names column '{HeaderNames[known]}' twice (columns {indexes[known] + 1} and {column + 1})";
                        return false;
                    }

                    indexes[known] = column;
                }
            }

            column++;
            if (comma < 0)
            {
                break;
            }

            rest = rest[(comma + 1)..];
        }

        foreach (var required in (ReadOnlySpan<CsvColumn>)[CsvColumn.Time, CsvColumn.Symbol, CsvColumn.Type])
        {
            if (indexes[(int)required] < 0)
            {
                error = $"header has no '{HeaderNames[(int)required]}' column";
                return false;
            }
        }

        var trades = indexes[(int)CsvColumn.Price] >= 0 && indexes[(int)CsvColumn.Size] >= 0;
        var quotes = indexes[(int)CsvColumn.Bid] >= 0 && indexes[(int)CsvColumn.BidSize] >= 0
            && indexes[(int)CsvColumn.Ask] >= 0 && indexes[(int)CsvColumn.AskSize] >= 0;
        if (!trades && !quotes)
        {
            error = "header has neither 'price' and 'size' (trades) nor 'bid', 'bid_size', 'ask' and 'ask_size' (quotes)";
            return false;
        }

        error = null;
        map = new CsvColumnMap(indexes, column, column);
        return true;
    }
}
