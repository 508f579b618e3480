using TickStream.Itch.Messages;

namespace TickStream.Itch.Books;

/// <summary>
/// The message handler that feeds <see cref="ItchOrderBooks{TListener}"/>: a struct so the reader's calls are
/// devirtualised. Messages that do not change a book are ignored.
/// </summary>
/// <typeparam name="TListener">The books' listener.</typeparam>
public readonly struct ItchBookHandler<TListener> : IItchMessageHandler
    where TListener : struct, IItchBookListener
{
    private readonly ItchOrderBooks<TListener> _books;

    /// <summary>Feeds <paramref name="books"/>.</summary>
    /// <param name="books">The books.</param>
    public ItchBookHandler(ItchOrderBooks<TListener> books)
    {
        ArgumentNullException.ThrowIfNull(books);
        _books = books;
    }

    /// <inheritdoc />
    public readonly void OnSystemEvent(SystemEventMessage message, long fileOffset)
    {
    }

    /// <inheritdoc />
    public readonly void OnStockDirectory(StockDirectoryMessage message, long fileOffset) => _books.OnStockDirectory(message, fileOffset);

    /// <inheritdoc />
    public readonly void OnStockTradingAction(StockTradingActionMessage message, long fileOffset)
    {
    }

    /// <inheritdoc />
    public readonly void OnRegShoRestriction(RegShoRestrictionMessage message, long fileOffset)
    {
    }

    /// <inheritdoc />
    public readonly void OnMarketParticipantPosition(MarketParticipantPositionMessage message, long fileOffset)
    {
    }

    /// <inheritdoc />
    public readonly void OnMwcbDeclineLevel(MwcbDeclineLevelMessage message, long fileOffset)
    {
    }

    /// <inheritdoc />
    public readonly void OnMwcbStatus(MwcbStatusMessage message, long fileOffset)
    {
    }

    /// <inheritdoc />
    public readonly void OnIpoQuotingPeriodUpdate(IpoQuotingPeriodUpdateMessage message, long fileOffset)
    {
    }

    /// <inheritdoc />
    public readonly void OnLuldAuctionCollar(LuldAuctionCollarMessage message, long fileOffset)
    {
    }

    /// <inheritdoc />
    public readonly void OnOperationalHalt(OperationalHaltMessage message, long fileOffset)
    {
    }

    /// <inheritdoc />
    public readonly void OnAddOrder(AddOrderMessage message, long fileOffset) => _books.OnAddOrder(message, fileOffset);

    /// <inheritdoc />
    public readonly void OnAddOrderMpid(AddOrderMpidMessage message, long fileOffset) => _books.OnAddOrderMpid(message, fileOffset);

    /// <inheritdoc />
    public readonly void OnOrderExecuted(OrderExecutedMessage message, long fileOffset) => _books.OnOrderExecuted(message, fileOffset);

    /// <inheritdoc />
    public readonly void OnOrderExecutedWithPrice(OrderExecutedWithPriceMessage message, long fileOffset) => _books.OnOrderExecutedWithPrice(message, fileOffset);

    /// <inheritdoc />
    public readonly void OnOrderCancel(OrderCancelMessage message, long fileOffset) => _books.OnOrderCancel(message, fileOffset);

    /// <inheritdoc />
    public readonly void OnOrderDelete(OrderDeleteMessage message, long fileOffset) => _books.OnOrderDelete(message, fileOffset);

    /// <inheritdoc />
    public readonly void OnOrderReplace(OrderReplaceMessage message, long fileOffset) => _books.OnOrderReplace(message, fileOffset);

    /// <inheritdoc />
    public readonly void OnTrade(TradeMessage message, long fileOffset) => _books.OnTrade(message, fileOffset);

    /// <inheritdoc />
    public readonly void OnCrossTrade(CrossTradeMessage message, long fileOffset) => _books.OnCrossTrade(message, fileOffset);

    /// <inheritdoc />
    public readonly void OnBrokenTrade(BrokenTradeMessage message, long fileOffset)
    {
    }

    /// <inheritdoc />
    public readonly void OnNoii(NoiiMessage message, long fileOffset)
    {
    }

    /// <inheritdoc />
    public readonly void OnRpii(RpiiMessage message, long fileOffset)
    {
    }

    /// <inheritdoc />
    public readonly void OnDirectListingPriceDiscovery(DirectListingPriceDiscoveryMessage message, long fileOffset)
    {
    }

    /// <inheritdoc />
    public void OnError(in ItchError rejected) => _books.OnParseError(rejected);
}
