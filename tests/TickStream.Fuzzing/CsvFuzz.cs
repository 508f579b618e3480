using System.Text;
using FsCheck;
using FsCheck.Fluent;
using TickStream.Sources;

namespace TickStream.Fuzzing;

/// <summary>Fuzzes the CSV row parser with arbitrary bytes and mutated valid rows (the PULL ingest's column order).</summary>
public static class CsvFuzz
{
    private static readonly string[] Symbols = ["AAPL", "MSFT", "BRK.B", "SPY", "A", "ABCDEFGHIJKLMNOP"];
    private static readonly string[] Times = ["2024-03-01T14:30:00Z", "2024-03-01T14:30:00.123456789Z", "1709303400200000000", "0", "2024-02-29T23:59:59.5Z"];
    private static readonly string[] Prices = ["190.5", "0.000000001", "1", "190.", ".5", "9223372036.854775807", "-2.25", "+3"];
    private static readonly string[] Sizes = ["0", "1", "100", "9223372036854775807"];

    /// <summary>Valid trade and quote rows.</summary>
    public static Gen<byte[]> ValidRows { get; } =
        Gen.ArrayOf(Gen.Choose(0, 1_000), 10).Select(static r =>
        {
            var time = Times[r[0] % Times.Length];
            var symbol = Symbols[r[1] % Symbols.Length];
            var row = (r[2] % 2) switch
            {
                0 => $"{time},{symbol},{(r[3] % 2 == 0 ? "T" : "trade")},{Prices[r[4] % Prices.Length]},{Sizes[r[5] % Sizes.Length]},{SideOf(r[6])},,,,{(r[7] % 2 == 0 ? ",77" : string.Empty)}",
                _ => $"{time},{symbol},{(r[3] % 2 == 0 ? "Q" : "quote")},,,,{Prices[r[4] % Prices.Length]},{Sizes[r[5] % Sizes.Length]},{Prices[r[8] % Prices.Length]},{Sizes[r[9] % Sizes.Length]}",
            };
            return Encoding.ASCII.GetBytes(r[7] % 3 == 0 ? row + "\r" : row);
        });

    private static string SideOf(int r) => (r % 5) switch { 0 => "B", 1 => "S", 2 => "buy", 3 => "sell", _ => string.Empty };

    /// <summary>Valid, mutated and arbitrary rows.</summary>
    public static Gen<FuzzCase> Cases { get; } = Mutations.Cases(ValidRows, 200);

    /// <summary>Parses one row; throws <see cref="FuzzFindingException"/> on a broken guarantee.</summary>
    /// <param name="c">The case.</param>
    public static void Check(FuzzCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var registry = new InstrumentRegistry();
        var parser = new CsvTickParser(CsvColumnMap.PullOrder, registry);
        var tick = default(RawTick);
        var ok = parser.TryParse(c.Data, ref tick, out var reason);
        if (!ok)
        {
            if (string.IsNullOrEmpty(reason))
            {
                throw new FuzzFindingException("a rejected row has no reason");
            }

            if (c.MustAccept)
            {
                throw new FuzzFindingException($"a valid row was rejected: {reason}");
            }

            return;
        }

        if (reason is not null)
        {
            throw new FuzzFindingException("an accepted row has a reason");
        }

        if (tick.Kind is not (TickKind.Trade or TickKind.Quote))
        {
            throw new FuzzFindingException($"an accepted row has kind {tick.Kind}");
        }

        if (tick.InstrumentId < 0 || tick.InstrumentId >= registry.Count)
        {
            throw new FuzzFindingException($"instrument id {tick.InstrumentId} is not registered");
        }

        if (tick.Kind == TickKind.Quote && tick.BidPrice != RawTick.EmptyPrice && tick.AskPrice != RawTick.EmptyPrice
            && tick.BidPrice >= tick.AskPrice && (tick.Flags & RawTickFlags.Crossed) == 0)
        {
            throw new FuzzFindingException("a crossed quote lacks the Crossed flag");
        }
    }
}
