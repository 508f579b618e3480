using System.Runtime.CompilerServices;
using System.Text;
using TickStream.Itch.Messages;

namespace TickStream.Itch.Books;

/// <summary>
/// Builds one book per stock from ITCH order messages and reports instruments, trades, best bid/offer changes and level
/// changes to a struct listener. Resting orders live in one preallocated open-addressing table keyed by reference
/// number; books are found by stock locate in a flat array. Single-threaded: feed it from the parsing thread, e.g.
/// through <see cref="CreateHandler"/>.
/// </summary>
/// <typeparam name="TListener">Receives the output; a struct so the calls are devirtualised.</typeparam>
public sealed class ItchOrderBooks<TListener>
    where TListener : struct, IItchBookListener
{
    private const int LocateCount = ushort.MaxValue + 1;

    private readonly OrderBook?[] _books = new OrderBook?[LocateCount];
    private readonly string?[] _symbols = new string?[LocateCount];
    private readonly HashSet<string>? _filter;
    private readonly OrderMap _orders;
    private readonly int _depth;
    private readonly int _initialLevels;
    private readonly ItchSessionClock _clock;
    private TListener _listener;

    /// <summary>Creates the books.</summary>
    /// <param name="options">Sizes, depth, clock and symbol filter.</param>
    /// <param name="listener">Receives the output.</param>
    public ItchOrderBooks(OrderBookOptions options, TListener listener)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Depth);
        _orders = new OrderMap(options.OrderCapacity);
        _depth = options.Depth;
        _initialLevels = options.InitialLevelsPerSide;
        _clock = options.Clock;
        _filter = options.Symbols is null ? null : new HashSet<string>(options.Symbols, StringComparer.Ordinal);
        _listener = listener;
        Errors = options.Errors ?? new ItchErrorCounters();
    }

    /// <summary>The listener, by reference so its state can be read and changed in place.</summary>
    public ref TListener Listener => ref _listener;

    /// <summary>Counts of book errors (unknown references, over-executions, ...).</summary>
    public ItchErrorCounters Errors { get; }

    /// <summary>Resting orders across all books.</summary>
    public int OrderCount => _orders.Count;

    /// <summary>Current capacity of the order table.</summary>
    public int OrderCapacity => _orders.Capacity;

    /// <summary>Books built so far.</summary>
    public int BookCount { get; private set; }

    /// <summary>Non-printable executions (C with printable N): applied to the book but not reported as trades.</summary>
    public long NonPrintableExecutions { get; private set; }

    /// <summary>The book of a stock, or null when none was built.</summary>
    /// <param name="stockLocate">The locate code.</param>
    /// <returns>The book or null.</returns>
    public OrderBook? GetBook(ushort stockLocate) => _books[stockLocate];

    /// <summary>The symbol the stock directory gave a locate code, or null.</summary>
    /// <param name="stockLocate">The locate code.</param>
    /// <returns>The symbol or null.</returns>
    public string? GetSymbol(ushort stockLocate) => _symbols[stockLocate];

    /// <summary>A struct message handler that feeds these books, for <see cref="ItchFileReader.Poll{THandler}"/>.</summary>
    /// <returns>The handler.</returns>
    public ItchBookHandler<TListener> CreateHandler() => new(this);

    /// <summary>Registers a stock; builds its book when it passes the filter and reports it.</summary>
    /// <param name="message">The stock directory message.</param>
    /// <param name="fileOffset">Offset of the message in the stream.</param>
    public void OnStockDirectory(StockDirectoryMessage message, long fileOffset)
    {
        var locate = message.StockLocate;
        var symbol = Encoding.ASCII.GetString(message.StockTrimmed);
        _symbols[locate] = symbol;
        if (_filter is not null && !_filter.Contains(symbol))
        {
            return;
        }

        var book = _books[locate] ?? CreateBook(locate);
        book.Symbol = symbol;
        book.RoundLotSize = message.RoundLotSize;
        var instrument = new InstrumentDefinition(
            locate,
            symbol,
            _clock.ToEpochNanoseconds(message.Timestamp),
            message.RoundLotSize,
            message.RoundLotsOnly == (byte)'Y',
            message.MarketCategory,
            message.FinancialStatusIndicator,
            message.IssueClassification,
            message.EtpFlag == (byte)'Y',
            message.Authenticity == (byte)'T');
        _listener.OnInstrument(instrument);
    }

    /// <summary>Adds an order.</summary>
    /// <param name="message">The add order message.</param>
    /// <param name="fileOffset">Offset of the message in the stream.</param>
    public void OnAddOrder(AddOrderMessage message, long fileOffset) =>
        Add(message.StockLocate, message.OrderReferenceNumber, message.Side, message.Shares, message.Price, message.Timestamp, fileOffset, AddOrderMessage.Type);

    /// <summary>Adds an order (the attribution is not kept).</summary>
    /// <param name="message">The add order with MPID message.</param>
    /// <param name="fileOffset">Offset of the message in the stream.</param>
    public void OnAddOrderMpid(AddOrderMpidMessage message, long fileOffset) =>
        Add(message.StockLocate, message.OrderReferenceNumber, message.Side, message.Shares, message.Price, message.Timestamp, fileOffset, AddOrderMpidMessage.Type);

    /// <summary>Executes an order at its own price and reports the trade.</summary>
    /// <param name="message">The order executed message.</param>
    /// <param name="fileOffset">Offset of the message in the stream.</param>
    public void OnOrderExecuted(OrderExecutedMessage message, long fileOffset) =>
        Execute(message.StockLocate, message.OrderReferenceNumber, message.ExecutedShares, message.MatchNumber, 0, false, true, message.Timestamp, fileOffset, OrderExecutedMessage.Type);

    /// <summary>Executes an order at the given price; reports the trade when printable.</summary>
    /// <param name="message">The order executed with price message.</param>
    /// <param name="fileOffset">Offset of the message in the stream.</param>
    public void OnOrderExecutedWithPrice(OrderExecutedWithPriceMessage message, long fileOffset) =>
        Execute(
            message.StockLocate,
            message.OrderReferenceNumber,
            message.ExecutedShares,
            message.MatchNumber,
            message.ExecutionPrice,
            true,
            message.Printable != (byte)'N',
            message.Timestamp,
            fileOffset,
            OrderExecutedWithPriceMessage.Type);

    /// <summary>Removes some shares of an order.</summary>
    /// <param name="message">The order cancel message.</param>
    /// <param name="fileOffset">Offset of the message in the stream.</param>
    public void OnOrderCancel(OrderCancelMessage message, long fileOffset)
    {
        var reference = message.OrderReferenceNumber;
        var index = FindOrder(message.StockLocate, reference, fileOffset, OrderCancelMessage.Type);
        if (index < 0)
        {
            return;
        }

        var cancelled = message.CancelledShares;
        ref var order = ref _orders.At(index);
        if (cancelled > order.Shares)
        {
            Report(new ItchError(ItchErrorKind.CancelExceedsOpenShares, fileOffset, OrderCancelMessage.Type, reference, cancelled));
            cancelled = order.Shares;
        }

        RemoveShares(index, ref order, cancelled, _clock.ToEpochNanoseconds(message.Timestamp));
    }

    /// <summary>Removes an order.</summary>
    /// <param name="message">The order delete message.</param>
    /// <param name="fileOffset">Offset of the message in the stream.</param>
    public void OnOrderDelete(OrderDeleteMessage message, long fileOffset)
    {
        var index = FindOrder(message.StockLocate, message.OrderReferenceNumber, fileOffset, OrderDeleteMessage.Type);
        if (index < 0)
        {
            return;
        }

        ref var order = ref _orders.At(index);
        RemoveShares(index, ref order, order.Shares, _clock.ToEpochNanoseconds(message.Timestamp));
    }

    /// <summary>Replaces an order by a new one on the same side, then reports one quote for both steps.</summary>
    /// <param name="message">The order replace message.</param>
    /// <param name="fileOffset">Offset of the message in the stream.</param>
    public void OnOrderReplace(OrderReplaceMessage message, long fileOffset)
    {
        var index = FindOrder(message.StockLocate, message.OriginalOrderReferenceNumber, fileOffset, OrderReplaceMessage.Type);
        if (index < 0)
        {
            return;
        }

        var timestamp = _clock.ToEpochNanoseconds(message.Timestamp);
        ref var order = ref _orders.At(index);
        var locate = order.Locate;
        var side = order.Side;
        var book = _books[locate]!;
        ReduceLevel(book, side, order.Price, order.Shares, removesOrder: true, timestamp);
        _orders.RemoveAt(index);

        var newReference = message.NewOrderReferenceNumber;
        if (_orders.TryAdd(newReference, locate, side, message.Shares, message.Price))
        {
            AddLevel(book, side, message.Price, message.Shares, timestamp);
        }
        else
        {
            Report(new ItchError(ItchErrorKind.DuplicateOrderReference, fileOffset, OrderReplaceMessage.Type, newReference, message.Shares));
        }

        PublishQuoteIfChanged(book, side, timestamp);
    }

    /// <summary>Reports a trade against a non-displayed order; the displayed book does not change.</summary>
    /// <param name="message">The trade message.</param>
    /// <param name="fileOffset">Offset of the message in the stream.</param>
    public void OnTrade(TradeMessage message, long fileOffset)
    {
        var locate = message.StockLocate;
        if (!IsWanted(locate))
        {
            return;
        }

        _listener.OnTrade(new TradeEvent(
            locate,
            _clock.ToEpochNanoseconds(message.Timestamp),
            message.PriceE9,
            message.Shares,
            message.MatchNumber,
            ItchSides.Opposite(message.Side),
            TradeKind.NonCross,
            message.OrderReferenceNumber));
    }

    /// <summary>Reports a cross; a cross of zero shares (no cross took place) is not a trade.</summary>
    /// <param name="message">The cross trade message.</param>
    /// <param name="fileOffset">Offset of the message in the stream.</param>
    public void OnCrossTrade(CrossTradeMessage message, long fileOffset)
    {
        var locate = message.StockLocate;
        var shares = message.Shares;
        if (shares == 0 || !IsWanted(locate))
        {
            return;
        }

        // Bad input is counted, never thrown: a checked conversion here let an OverflowException escape.
        if (shares > long.MaxValue)
        {
            Report(new ItchError(ItchErrorKind.SharesOutOfRange, fileOffset, CrossTradeMessage.Type, 0, unchecked((long)shares)));
            return;
        }

        _listener.OnTrade(new TradeEvent(
            locate,
            _clock.ToEpochNanoseconds(message.Timestamp),
            message.CrossPriceE9,
            (long)shares,
            message.MatchNumber,
            ItchSide.None,
            TradeKind.Cross,
            0));
    }

    /// <summary>Forwards an error the parser already counted to the listener.</summary>
    /// <param name="error">The error.</param>
    public void OnParseError(in ItchError error) => _listener.OnError(error);

    /// <summary>Drops every order and empties every book (for a new session); symbols and books stay.</summary>
    public void ClearOrders()
    {
        _orders.Clear();
        foreach (var book in _books)
        {
            if (book is not null)
            {
                book.Bids.Clear();
                book.Asks.Clear();
                book.LastBidPrice = 0;
                book.LastBidSize = 0;
                book.LastAskPrice = 0;
                book.LastAskSize = 0;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsWanted(ushort locate) => _filter is null || _books[locate] is not null;

    private OrderBook CreateBook(ushort locate)
    {
        var book = new OrderBook(locate, _symbols[locate] ?? string.Empty, _initialLevels);
        _books[locate] = book;
        BookCount++;
        return book;
    }

    private void Add(ushort locate, ulong reference, ItchSide side, uint shares, uint price, long timestamp, long fileOffset, byte type)
    {
        var book = _books[locate];
        if (book is null)
        {
            if (_filter is not null)
            {
                return;
            }

            book = CreateBook(locate);
        }

        if (side == ItchSide.None)
        {
            Report(new ItchError(ItchErrorKind.InvalidSide, fileOffset, type, reference, shares));
            return;
        }

        if (!_orders.TryAdd(reference, locate, side, shares, price))
        {
            Report(new ItchError(ItchErrorKind.DuplicateOrderReference, fileOffset, type, reference, shares));
            return;
        }

        var epochNs = _clock.ToEpochNanoseconds(timestamp);
        AddLevel(book, side, price, shares, epochNs);
        PublishQuoteIfChanged(book, side, epochNs);
    }

    private void Execute(
        ushort locate, ulong reference, uint shares, ulong matchNumber, uint executionPrice, bool hasPrice, bool printable, long timestamp, long fileOffset, byte type)
    {
        var index = FindOrder(locate, reference, fileOffset, type);
        if (index < 0)
        {
            return;
        }

        ref var order = ref _orders.At(index);
        var epochNs = _clock.ToEpochNanoseconds(timestamp);
        if (printable)
        {
            _listener.OnTrade(new TradeEvent(
                order.Locate,
                epochNs,
                ItchPrice.Price4ToE9(hasPrice ? executionPrice : order.Price),
                shares,
                matchNumber,
                ItchSides.Opposite(order.Side),
                hasPrice ? TradeKind.ExecutionWithPrice : TradeKind.Execution,
                reference));
        }
        else
        {
            NonPrintableExecutions++;
        }

        var executed = shares;
        if (executed > order.Shares)
        {
            Report(new ItchError(ItchErrorKind.ExecutionExceedsOpenShares, fileOffset, type, reference, shares));
            executed = order.Shares;
        }

        RemoveShares(index, ref order, executed, epochNs);
    }

    /// <summary>Finds an order; reports an unknown reference unless the stock is filtered out.</summary>
    private int FindOrder(ushort locate, ulong reference, long fileOffset, byte type)
    {
        var index = _orders.Find(reference);
        if (index < 0 && IsWanted(locate))
        {
            Report(new ItchError(ItchErrorKind.UnknownOrderReference, fileOffset, type, reference, 0));
        }

        return index;
    }

    private void RemoveShares(int index, ref OrderSlot order, uint shares, long epochNs)
    {
        var book = _books[order.Locate]!;
        var side = order.Side;
        var removesOrder = shares >= order.Shares;
        ReduceLevel(book, side, order.Price, shares, removesOrder, epochNs);
        if (removesOrder)
        {
            _orders.RemoveAt(index);
        }
        else
        {
            order.Shares -= shares;
        }

        PublishQuoteIfChanged(book, side, epochNs);
    }

    private void AddLevel(OrderBook book, ItchSide side, uint price, uint shares, long epochNs)
    {
        var levels = book.SideOf(side);
        var index = levels.Add(price, shares, out var created);
        var level = levels.LevelOf(index);
        if (level <= _depth)
        {
            _listener.OnLevelChange(new LevelChangeEvent(
                book.StockLocate,
                epochNs,
                side,
                level,
                ItchPrice.Price4ToE9(price),
                levels.SizeAtIndex(index),
                levels.OrderCountAtIndex(index),
                created ? LevelAction.New : LevelAction.Change));
        }
    }

    private void ReduceLevel(OrderBook book, ItchSide side, uint price, uint shares, bool removesOrder, long epochNs)
    {
        var levels = book.SideOf(side);
        var countBefore = levels.Count;
        var index = levels.Reduce(price, shares, removesOrder, out var deleted);
        if (index < 0)
        {
            return;
        }

        var level = countBefore - index;
        if (level > _depth)
        {
            return;
        }

        if (!deleted)
        {
            _listener.OnLevelChange(new LevelChangeEvent(
                book.StockLocate, epochNs, side, level, ItchPrice.Price4ToE9(price), levels.SizeAtIndex(index), levels.OrderCountAtIndex(index), LevelAction.Change));
            return;
        }

        _listener.OnLevelChange(new LevelChangeEvent(
            book.StockLocate, epochNs, side, level, ItchPrice.Price4ToE9(price), 0, 0, LevelAction.Delete));

        // The level that sat just beyond the depth has moved into view.
        if (levels.Count >= _depth)
        {
            var revealed = levels.Count - _depth;
            _listener.OnLevelChange(new LevelChangeEvent(
                book.StockLocate,
                epochNs,
                side,
                _depth,
                ItchPrice.Price4ToE9(levels.PriceAtIndex(revealed)),
                levels.SizeAtIndex(revealed),
                levels.OrderCountAtIndex(revealed),
                LevelAction.New));
        }
    }

    /// <summary>
    /// Emits a quote when the best level of <paramref name="side"/> changed. Only that side is read: every change of
    /// the other side went through here too, so its last emitted best is still its current best.
    /// </summary>
    private void PublishQuoteIfChanged(OrderBook book, ItchSide side, long epochNs)
    {
        if (side == ItchSide.Buy)
        {
            var price = book.Bids.BestPrice;
            var size = book.Bids.BestSize;
            if (price == book.LastBidPrice && size == book.LastBidSize)
            {
                return;
            }

            book.LastBidPrice = price;
            book.LastBidSize = size;
        }
        else
        {
            var price = book.Asks.BestPrice;
            var size = book.Asks.BestSize;
            if (price == book.LastAskPrice && size == book.LastAskSize)
            {
                return;
            }

            book.LastAskPrice = price;
            book.LastAskSize = size;
        }

        _listener.OnQuote(new QuoteEvent(
            book.StockLocate,
            epochNs,
            ItchPrice.Price4ToE9(book.LastBidPrice),
            book.LastBidSize,
            ItchPrice.Price4ToE9(book.LastAskPrice),
            book.LastAskSize));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Report(in ItchError error)
    {
        Errors.Record(error);
        _listener.OnError(error);
    }
}
