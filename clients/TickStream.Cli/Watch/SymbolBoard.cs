using System.Diagnostics;
using System.Globalization;
using HdrHistogram;
using Spectre.Console;
using TickStream.Client;

namespace TickStream.Cli.Watch;

/// <summary>
/// The live table's state: last bid, ask and trade, tick rate, gaps and p99 latency per symbol. Fed from the
/// record loop and rendered from the refresh loop, under one lock.
/// </summary>
internal sealed class SymbolBoard
{
    /// <summary>Symbols shown; the busiest first.</summary>
    public const int MaxRows = 40;

    /// <summary>Per-symbol latency histograms kept, so that watching everything stays within memory.</summary>
    private const int MaxHistograms = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Row> _rows = new(StringComparer.Ordinal);
    private long _lastRender = Stopwatch.GetTimestamp();
    private int _histograms;

    public void Apply(in TickRecord record)
    {
        if (record.Symbol.Length == 0 || record.Kind is not (TickKind.Trade or TickKind.Quote or TickKind.BookUpdate))
        {
            return;
        }

        lock (_gate)
        {
            if (!_rows.TryGetValue(record.Symbol, out var row))
            {
                row = new Row(record.Symbol);
                if (_histograms < MaxHistograms)
                {
                    row.Latency = new LongHistogram(LatencyRecorder.LowestNs, LatencyRecorder.HighestNs, 2);
                    _histograms++;
                }

                _rows.Add(record.Symbol, row);
            }

            row.Ticks++;
            if (record.Kind == TickKind.Quote)
            {
                row.Bid = record.Price;
                row.Ask = record.AskPrice;
            }
            else if (record.Kind == TickKind.Trade)
            {
                row.Last = record.Price;
                row.LastSize = record.Size;
            }

            var latency = record.LatencyNs;
            if (row.Latency is not null && latency is >= LatencyRecorder.LowestNs and <= LatencyRecorder.HighestNs)
            {
                row.Latency.RecordValue(latency);
            }
        }
    }

    public void AddGap(string symbol, ulong missing)
    {
        lock (_gate)
        {
            if (!_rows.TryGetValue(symbol, out var row))
            {
                row = new Row(symbol);
                _rows.Add(symbol, row);
            }

            row.Gaps++;
            row.Missing += (long)missing;
        }
    }

    public Table Render(SubscriberCounters counters, string title)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title));
        table.AddColumn("Symbol");
        table.AddColumn(new TableColumn("Bid").RightAligned());
        table.AddColumn(new TableColumn("Ask").RightAligned());
        table.AddColumn(new TableColumn("Last").RightAligned());
        table.AddColumn(new TableColumn("Ticks/s").RightAligned());
        table.AddColumn(new TableColumn("Ticks").RightAligned());
        table.AddColumn(new TableColumn("Gaps").RightAligned());
        table.AddColumn(new TableColumn("p99 us").RightAligned());

        var inv = CultureInfo.InvariantCulture;
        lock (_gate)
        {
            // Rates over at least a quarter second: the last refresh at exit may come right after the previous one.
            var now = Stopwatch.GetTimestamp();
            var seconds = Stopwatch.GetElapsedTime(_lastRender, now).TotalSeconds;
            var newRates = seconds >= 0.25;
            if (newRates)
            {
                _lastRender = now;
            }

            var rows = new List<Row>(_rows.Values);
            rows.Sort((a, b) => b.Ticks.CompareTo(a.Ticks));
            foreach (var row in rows.Take(MaxRows))
            {
                if (newRates)
                {
                    row.Rate = (row.Ticks - row.TicksAtLastRender) / seconds;
                    row.TicksAtLastRender = row.Ticks;
                }

                var p99 = row.Latency is { TotalCount: > 0 } h ? (h.GetValueAtPercentile(99) / 1000.0).ToString("0.0", inv) : "-";
                table.AddRow(
                    Markup.Escape(row.Symbol),
                    Price(row.Bid),
                    Price(row.Ask),
                    row.Last == Price9.Null ? "-" : $"{row.LastSize.ToString(inv)}@{Price(row.Last)}",
                    row.Rate.ToString("0", inv),
                    row.Ticks.ToString(inv),
                    row.Gaps == 0 ? "0" : $"[red]{row.Gaps.ToString(inv)} ({row.Missing.ToString(inv)} lost)[/]",
                    p99);
            }

            table.Caption(Markup.Escape(string.Create(inv,
                $"{_rows.Count} symbols; frames {counters.FramesReceived}, gaps {counters.Gaps} ({counters.MissingFrames} lost), duplicates {counters.Duplicates}, malformed {counters.Malformed}, stale {counters.StaleEvents}, dropped {counters.RecordsDropped}")));
        }

        return table;
    }

    private static string Price(long mantissa) =>
        Price9.ToDecimal(mantissa)?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private sealed class Row(string symbol)
    {
        public string Symbol { get; } = symbol;

        public long Bid { get; set; } = Price9.Null;

        public long Ask { get; set; } = Price9.Null;

        public long Last { get; set; } = Price9.Null;

        public long LastSize { get; set; }

        public long Ticks { get; set; }

        public long TicksAtLastRender { get; set; }

        public double Rate { get; set; }

        public long Gaps { get; set; }

        public long Missing { get; set; }

        public LongHistogram? Latency { get; set; }
    }
}
