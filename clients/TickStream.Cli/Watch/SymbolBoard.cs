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
    /// <summary>Symbols shown at the most, in name order.</summary>
    public const int MaxRows = 40;

    /// <summary>Symbols with latency histograms (two each), so that watching everything stays within memory.</summary>
    private const int MaxHistograms = 256;


    private readonly Lock _gate = new();
    private readonly Dictionary<string, Row> _rows = new(StringComparer.Ordinal);
    private readonly LongHistogram _merged = NewHistogram();
    private readonly TimeSpan _latencyWindow;
    private long _lastRender = Stopwatch.GetTimestamp();
    private long _windowStart = Stopwatch.GetTimestamp();
    private int _histograms;

    /// <summary>A board whose p99 covers the current 5-second window and the one before it.</summary>
    public SymbolBoard()
        : this(TimeSpan.FromSeconds(5))
    {
    }

    /// <summary>A board whose p99 covers the current <paramref name="latencyWindow"/> and the one before it.</summary>
    public SymbolBoard(TimeSpan latencyWindow) => _latencyWindow = latencyWindow;

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
                    row.Latency = NewHistogram();
                    row.Earlier = NewHistogram();
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

    /// <summary>
    /// The table: at most <paramref name="rows"/> symbols in name order (rows that change places with every refresh
    /// cannot be read), then a row that says how many more there are. p99 is over the last 5 to 10 seconds, so that a
    /// burst shows and then passes, as a trader watching the table expects.
    /// </summary>
    public Table Render(SubscriberCounters counters, string title, int rows = MaxRows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title));
        table.AddColumn("Symbol");
        table.AddColumn(new TableColumn("Bid").RightAligned());
        table.AddColumn(new TableColumn("Ask").RightAligned());
        table.AddColumn(new TableColumn("Last").RightAligned());
        table.AddColumn(new TableColumn("Ticks/s").RightAligned());
        table.AddColumn(new TableColumn("Ticks").RightAligned());
        table.AddColumn(new TableColumn("Gaps").RightAligned());
        table.AddColumn(new TableColumn("p99 us 10s").RightAligned());

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

            var newWindow = Stopwatch.GetElapsedTime(_windowStart, now) >= _latencyWindow;
            if (newWindow)
            {
                _windowStart = now;
            }

            var shown = Math.Clamp(rows, 1, MaxRows);
            var ordered = new List<Row>(_rows.Values);
            ordered.Sort((a, b) => string.CompareOrdinal(a.Symbol, b.Symbol));
            for (var i = 0; i < ordered.Count; i++)
            {
                var row = ordered[i];
                if (newRates)
                {
                    row.Rate = (row.Ticks - row.TicksAtLastRender) / seconds;
                    row.TicksAtLastRender = row.Ticks;
                }

                var p99 = WindowP99(row, newWindow);
                if (i >= shown)
                {
                    continue; // still roll its window and rate, so that it is right when it is shown again
                }

                table.AddRow(
                    Markup.Escape(row.Symbol),
                    Price(row.Bid),
                    Price(row.Ask),
                    row.Last == Price9.Null ? "-" : $"{row.LastSize.ToString(inv)}@{Price(row.Last)}",
                    row.Rate.ToString("0", inv),
                    row.Ticks.ToString(inv),
                    row.Gaps == 0 ? "0" : $"[red]{row.Gaps.ToString(inv)} ({row.Missing.ToString(inv)} lost)[/]",
                    p99 < 0 ? "-" : (p99 / 1000.0).ToString("0.0", inv));
            }

            if (ordered.Count > shown)
            {
                table.AddRow(Markup.Escape(string.Create(inv, $"... {ordered.Count - shown} more")));
            }

            table.Caption(Markup.Escape(string.Create(inv,
                $"{_rows.Count} symbols; frames {counters.FramesReceived}, gaps {counters.Gaps} ({counters.MissingFrames} lost), duplicates {counters.Duplicates}, malformed {counters.Malformed}, stale {counters.StaleEvents}, dropped {counters.RecordsDropped}; p99 over the last 5-10 s")));
        }

        return table;
    }

    // p99 in nanoseconds over the previous and the current window, or -1 without samples; a new window drops the
    // older of the two.
    private long WindowP99(Row row, bool newWindow)
    {
        if (row.Latency is null || row.Earlier is null)
        {
            return -1;
        }

        if (newWindow)
        {
            (row.Earlier, row.Latency) = (row.Latency, row.Earlier);
            row.Latency.Reset();
        }

        _merged.Reset();
        _merged.Add(row.Earlier);
        _merged.Add(row.Latency);
        return _merged.TotalCount > 0 ? _merged.GetValueAtPercentile(99) : -1;
    }

    private static LongHistogram NewHistogram() => new(LatencyRecorder.LowestNs, LatencyRecorder.HighestNs, 2);

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

        /// <summary>Latency in the current window.</summary>
        public LongHistogram? Latency { get; set; }

        /// <summary>Latency in the window before.</summary>
        public LongHistogram? Earlier { get; set; }
    }
}
