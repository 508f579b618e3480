using System.Globalization;
using System.Text.RegularExpressions;
using TickStream.Itch;
using TickStream.Itch.Books;

namespace TickStream.Sources;

/// <summary>
/// A NASDAQ TotalView-ITCH 5.0 file (plain or gzip) replayed through per-stock order books: executions and trade
/// messages become trades, best bid/offer changes become quotes, level changes become book updates (when the sink
/// takes them), and each stock directory message defines an instrument (venue XNAS).
/// </summary>
public sealed partial class ItchTickSource : ITickSource
{
    private readonly string _path;
    private readonly InstrumentRegistry _registry;
    private readonly ItchTickSourceOptions _options;

    /// <summary>Creates the source; the file is opened by <see cref="Run"/>.</summary>
    /// <param name="path">The ITCH 5.0 file: 2-byte big-endian length before each message.</param>
    /// <param name="registry">Where the file's stocks are defined.</param>
    /// <param name="options">Depth, symbol filter and session date.</param>
    public ItchTickSource(string path, InstrumentRegistry registry, ItchTickSourceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _options = options ?? new ItchTickSourceOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Depth, 1);
        Name = "itch:" + Path.GetFileName(path);
        Counters = new SourceCounters(Name);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public SourceCounters Counters { get; }

    /// <summary>Messages read from the file so far.</summary>
    public long MessagesRead { get; private set; }

    /// <inheritdoc />
    public void Run(ITickSink sink, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ItchFileReader reader;
        try
        {
            reader = ItchFileReader.Open(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Counters.ReportMalformed(Path.GetFileName(_path), "cannot read the file: " + e.Message);
            return;
        }

        using (reader)
        {
            var state = new ListenerState(this, sink);
            var books = new ItchOrderBooks<Listener>(
                new OrderBookOptions
                {
                    Depth = _options.Depth,
                    OrderCapacity = _options.OrderCapacity,
                    Clock = ItchSessionClock.ForNasdaqDate(_options.SessionDate ?? SessionDateOf(_path)),
                    Symbols = _options.Symbols is { Count: > 0 } s ? s : null,
                    Errors = reader.Errors,
                },
                new Listener(state));
            var handler = books.CreateHandler();
            while (!ct.IsCancellationRequested && reader.Poll(ref handler, 4096) > 0)
            {
                MessagesRead = reader.MessagesRead;
            }

            MessagesRead = reader.MessagesRead;
        }
    }

    /// <summary>The trading day named in an ITCH file name (e.g. 01302019.NASDAQ_ITCH50 or 20190130), else today.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The session date.</returns>
    public static DateOnly SessionDateOf(string path)
    {
        var name = Path.GetFileName(path);
        foreach (Match match in EightDigits().Matches(name))
        {
            if (DateOnly.TryParseExact(match.Value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var ymd) && ymd.Year >= 2000)
            {
                return ymd;
            }

            if (DateOnly.TryParseExact(match.Value, "MMddyyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var mdy))
            {
                return mdy;
            }
        }

        return DateOnly.FromDateTime(DateTime.UtcNow);
    }

    [GeneratedRegex(@"\d{8}")]
    private static partial Regex EightDigits();

    // What the struct listener needs by reference: the sink, the locate-to-instrument map and scratch space.
    private sealed class ListenerState(ItchTickSource source, ITickSink sink)
    {
        public ItchTickSource Source { get; } = source;

        public ITickSink Sink { get; } = sink;

        public IBookSink? Books { get; } = sink as IBookSink;

        public int[] InstrumentByLocate { get; } = CreateLocateMap();

        public BookLevelChange[] Change { get; } = new BookLevelChange[1];

        public RawTick Tick;

        private static int[] CreateLocateMap()
        {
            var map = new int[ushort.MaxValue + 1];
            Array.Fill(map, -1);
            return map;
        }
    }

    private readonly struct Listener(ListenerState state) : IItchBookListener
    {
        public void OnInstrument(in InstrumentDefinition instrument)
        {
            var spec = new InstrumentSpec(10_000_000, "XNAS", (int)Math.Max(1, instrument.RoundLotSize), 4,
                instrument.IsTest ? "test issue" : "");
            var symbol = System.Text.Encoding.ASCII.GetBytes(instrument.Symbol);
            if (state.Source._registry.TryGetOrAdd(symbol, spec, out var id, out var error))
            {
                state.InstrumentByLocate[instrument.StockLocate] = id;
            }
            else
            {
                state.Source.Counters.ReportMalformed($"{Path.GetFileName(state.Source._path)}@stock locate {instrument.StockLocate}", error!);
            }
        }

        public void OnTrade(in TradeEvent trade)
        {
            var id = state.InstrumentByLocate[trade.StockLocate];
            if (id < 0)
            {
                return;
            }

            ref var tick = ref state.Tick;
            tick.Kind = TickKind.Trade;
            tick.InstrumentId = id;
            tick.ExchangeTimeNs = trade.TimestampNs;
            tick.Price = trade.PriceE9;
            tick.Size = trade.Size;
            tick.AggressorSide = (byte)trade.Aggressor;
            tick.TradeId = trade.MatchNumber;
            tick.BidPrice = RawTick.EmptyPrice;
            tick.BidSize = 0;
            tick.AskPrice = RawTick.EmptyPrice;
            tick.AskSize = 0;
            tick.Flags = trade.Kind == TradeKind.Cross ? CrossTradeFlag : trade.Kind == TradeKind.NonCross ? NonDisplayedFlag : (ushort)0;
            state.Sink.OnTick(ref tick);
            state.Source.Counters.AddTicksRead(1);
        }

        public void OnQuote(in QuoteEvent quote)
        {
            var id = state.InstrumentByLocate[quote.StockLocate];
            if (id < 0)
            {
                return;
            }

            ref var tick = ref state.Tick;
            tick.Kind = TickKind.Quote;
            tick.InstrumentId = id;
            tick.ExchangeTimeNs = quote.TimestampNs;
            tick.Price = 0;
            tick.Size = 0;
            tick.AggressorSide = AggressorSide.Unknown;
            tick.TradeId = 0;
            tick.BidPrice = quote.BidSize == 0 ? RawTick.EmptyPrice : quote.BidPriceE9;
            tick.BidSize = quote.BidSize;
            tick.AskPrice = quote.AskSize == 0 ? RawTick.EmptyPrice : quote.AskPriceE9;
            tick.AskSize = quote.AskSize;
            tick.Flags = 0;
            state.Sink.OnTick(ref tick);
            state.Source.Counters.AddTicksRead(1);
        }

        public void OnLevelChange(in LevelChangeEvent change)
        {
            var id = state.InstrumentByLocate[change.StockLocate];
            if (id < 0 || state.Books is not { } books)
            {
                return;
            }

            state.Change[0] = new BookLevelChange(
                change.Side == ItchSide.Buy ? (byte)0 : (byte)1, (byte)change.Level, change.PriceE9, change.Size, (byte)change.Action);
            books.OnBookUpdate(id, change.TimestampNs, state.Change);
        }

        public void OnError(in ItchError rejected) =>
            state.Source.Counters.ReportMalformed($"{Path.GetFileName(state.Source._path)}@{rejected.FileOffset}", rejected.ToString());

        // TickFlags of schemas/tickstream.xml: bit 3 CrossTrade, bit 4 NonDisplayed.
        private const ushort CrossTradeFlag = 1 << 3;
        private const ushort NonDisplayedFlag = 1 << 4;
    }
}
